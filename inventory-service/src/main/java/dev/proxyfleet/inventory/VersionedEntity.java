package dev.proxyfleet.inventory;

import jakarta.persistence.Column;
import jakarta.persistence.MappedSuperclass;
import jakarta.persistence.PrePersist;
import jakarta.persistence.PreUpdate;
import jakarta.persistence.Version;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * An entity whose changes are published: {@code version} is the optimistic lock and the event version (1 when
 * created, +1 per committed change); timestamps are kept at PostgreSQL's microsecond precision so the stored row
 * and the event agree.
 */
@MappedSuperclass
public abstract class VersionedEntity {

    @Version
    public Long version;

    @Column(name = "created_at", updatable = false)
    public Instant createdAt;

    @Column(name = "updated_at")
    public Instant updatedAt;

    @PrePersist
    void onCreate() {
        createdAt = now();
        updatedAt = createdAt;
        version = 1L;
    }

    @PreUpdate
    void onUpdate() {
        updatedAt = now();
    }

    protected static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
