package dev.proxyfleet.inventory.settings;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.proxyfleet.contracts.EventType;
import dev.proxyfleet.inventory.SessionOutbox;
import dev.proxyfleet.inventory.audit.AuditTrail;
import dev.proxyfleet.inventory.audit.AuditedEntity;
import dev.proxyfleet.inventory.web.MergePatch;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import jakarta.validation.Validator;
import java.util.Set;

/**
 * The fleet's runtime settings: a change, its {@code settings.changed} event and its audit entry commit together, with
 * the caller as actor. Changes are serialised on the one row's lock, so each is applied to the
 * settings the one before it left.
 */
@ApplicationScoped
public class SettingsService {

    private static final Set<String> PATCHABLE = Set.of("proxySystemEnabled", "healthCheckIntervalMs",
            "healthCheckTimeoutMs", "fall", "rise", "autoDisable", "fallbackToDirect", "defaultStrategy", "minScore",
            "outageThreshold", "outageEndThreshold", "outageMinProxies", "exitIpChangeMovesAccounts");

    private final SessionOutbox outbox;
    private final AuditTrail audit;
    private final ObjectMapper mapper;
    private final Validator validator;

    public SettingsService(SessionOutbox outbox, AuditTrail audit, ObjectMapper mapper, Validator validator) {
        this.outbox = outbox;
        this.audit = audit;
        this.mapper = mapper;
        this.validator = validator;
    }

    @WithSession
    public Uni<SettingsResponse> current() {
        return Panache.getSession().chain(session -> session.find(FleetSettings.class, FleetSettings.ID))
                .map(SettingsResponse::from);
    }

    /**
     * Merges {@code patch} (JSON merge-patch: {@code null} resets a setting to the services' start-up default) into
     * the settings. A patch that changes nothing changes no version and publishes nothing.
     */
    public Uni<SettingsResponse> change(JsonNode patch, String actor) {
        return outbox.inTransaction(() -> Panache.getSession()
                .chain(session -> session.find(FleetSettings.class, FleetSettings.ID, LockModeType.PESSIMISTIC_WRITE))
                .chain(settings -> MergePatch.apply(mapper, validator, settings.settings(), patch, PATCHABLE)
                        .invoke(Settings::checkOutageThresholds)
                        .chain(changed -> changed.equals(settings.settings())
                                ? Uni.createFrom().voidItem()
                                : apply(settings, changed, actor))
                        .map(ignored -> SettingsResponse.from(settings))));
    }

    private Uni<Void> apply(FleetSettings settings, Settings changed, String actor) {
        JsonNode before = audit.snapshot(settings);
        settings.apply(changed);
        settings.changedBy = actor;
        return Panache.getSession().chain(session -> session.flush())
                .chain(() -> audit.updated(AuditedEntity.SETTINGS, FleetSettings.ID, before, settings, actor))
                .chain(() -> outbox.append(EventType.SETTINGS_CHANGED, settings.toEventData()));
    }
}
