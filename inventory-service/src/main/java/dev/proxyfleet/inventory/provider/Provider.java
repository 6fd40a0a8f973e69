package dev.proxyfleet.inventory.provider;

import dev.proxyfleet.contracts.ProviderData;
import dev.proxyfleet.contracts.ProviderStatus;
import dev.proxyfleet.contracts.ServiceType;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.PrePersist;
import jakarta.persistence.PreUpdate;
import jakarta.persistence.Version;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** A company that sells proxies. {@code version} is the optimistic lock and the event version. */
@Entity
public class Provider {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    public String name;

    @Enumerated(EnumType.STRING)
    @Column(name = "service_type")
    public ServiceType serviceType;

    @Column(name = "monthly_cost_per_proxy")
    public BigDecimal monthlyCostPerProxy = BigDecimal.ZERO;

    public String currency = "USD";

    @Column(name = "contact_email")
    public String contactEmail;

    @Enumerated(EnumType.STRING)
    public ProviderStatus status = ProviderStatus.ACTIVE;

    @Version
    public Long version;

    @Column(name = "created_at", updatable = false)
    public Instant createdAt;

    @Column(name = "updated_at")
    public Instant updatedAt;

    @PrePersist
    void onCreate() {
        createdAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
        updatedAt = createdAt;
        version = 1L;
    }

    @PreUpdate
    void onUpdate() {
        updatedAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
    }

    public ProviderData toEventData() {
        return eventData(version);
    }

    /** The data of this provider's {@code provider.deleted} event: its last state, one version on. */
    public ProviderData toDeletedEventData() {
        return eventData(version + 1);
    }

    private ProviderData eventData(long eventVersion) {
        return new ProviderData(id, name, serviceType, monthlyCostPerProxy, currency, contactEmail, status, eventVersion);
    }
}
