package dev.proxyfleet.inventory.provider;

import dev.proxyfleet.contracts.ProviderData;
import dev.proxyfleet.contracts.ProviderStatus;
import dev.proxyfleet.contracts.ServiceType;
import dev.proxyfleet.inventory.VersionedEntity;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import java.math.BigDecimal;

/** A company that sells proxies. {@code version} is the optimistic lock and the event version. */
@Entity
public class Provider extends VersionedEntity {

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
