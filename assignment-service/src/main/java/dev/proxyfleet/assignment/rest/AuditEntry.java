package dev.proxyfleet.assignment.rest;

import dev.proxyfleet.assignment.engine.HistoryEntry;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** An assignment change as the audit trail shows it, in the shape inventory-service's {@code /api/audit} has. */
public record AuditEntry(
        long id,
        Instant at,
        @Schema(description = "The authenticated principal (API token name or OIDC subject), or `system` where the"
                + " system acted on an event.") String actor,
        @Schema(description = "Always `assignment`.") String entity,
        @Schema(description = "The account id.") String entityId,
        @Schema(description = "assigned, released, reassigned or pending.") String action,
        @Schema(description = "`proxyId` as `{\"old\": …, \"new\": …}` when the account's proxy changed (empty for"
                + " an account that starts waiting).") Map<String, Object> changes,
        @Schema(description = "Why: automatic, manual, proxy_failed, proxy_disabled, no_capacity, …") String reason) {

    static final String ENTITY = "assignment";

    /** {@code proxy_id} is the proxy the account holds after the change, or for a release the one it left. */
    static AuditEntry from(HistoryEntry entry) {
        boolean released = "released".equals(entry.action());
        Long from = released ? entry.proxyId() : entry.previousProxyId();
        Long to = released ? null : entry.proxyId();
        Map<String, Object> changes = new LinkedHashMap<>();
        if (!Objects.equals(from, to)) {
            // Not Map.of: an end may be null.
            Map<String, Object> proxy = new LinkedHashMap<>();
            proxy.put("old", from);
            proxy.put("new", to);
            changes.put("proxyId", proxy);
        }
        return new AuditEntry(entry.id(), entry.at(), entry.actor(), ENTITY, entry.accountId(), entry.action(), changes,
                entry.reason());
    }
}
