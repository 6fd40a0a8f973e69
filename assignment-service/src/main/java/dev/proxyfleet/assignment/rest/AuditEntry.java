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
        @Schema(description = "assigned, released, reassigned, pending, or exit-ip-changed (the account kept its proxy,"
                + " whose exit IP changed).") String action,
        @Schema(description = "`proxyId` as `{\"old\": …, \"new\": …}` when the account's proxy changed (empty for"
                + " an account that starts waiting); `exitIp` the same way when its exit IP changed.")
        Map<String, Object> changes,
        @Schema(description = "Why: automatic, manual, proxy_failed, proxy_disabled, no_capacity, …") String reason) {

    static final String ENTITY = "assignment";

    /** {@code proxy_id} is the proxy the account holds after the change, or for a release the one it left. */
    static AuditEntry from(HistoryEntry entry) {
        boolean released = "released".equals(entry.action());
        Long from = released ? entry.proxyId() : entry.previousProxyId();
        Long to = released ? null : entry.proxyId();
        Map<String, Object> changes = new LinkedHashMap<>();
        if (!Objects.equals(from, to)) {
            changes.put("proxyId", change(from, to));
        }
        if (entry.exitIp() != null) {
            changes.put("exitIp", change(entry.previousExitIp(), entry.exitIp()));
        }
        return new AuditEntry(entry.id(), entry.at(), entry.actor(), ENTITY, entry.accountId(), entry.action(), changes,
                entry.reason());
    }

    private static Map<String, Object> change(Object from, Object to) {
        // Not Map.of: an end may be null.
        Map<String, Object> change = new LinkedHashMap<>();
        change.put("old", from);
        change.put("new", to);
        return change;
    }
}
