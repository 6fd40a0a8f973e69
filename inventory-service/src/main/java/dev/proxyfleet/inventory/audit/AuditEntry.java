package dev.proxyfleet.inventory.audit;

import java.time.Instant;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** One recorded change, as {@code GET /api/audit} answers it. */
public record AuditEntry(
        long id,
        @Schema(description = "When the change was made.") Instant at,
        @Schema(description = "The authenticated principal: the API token's name or the OIDC subject.") String actor,
        @Schema(description = "provider, proxy, vps, key or settings.") String entity,
        @Schema(description = "The changed entity's id; none for an import, which changes many.") String entityId,
        @Schema(description = "created, updated, deleted or imported.") String action,
        @Schema(description = "Per changed field `{\"old\": …, \"new\": …}` (old null for a creation, new null for a"
                + " deletion); a secret only as `\"changed\"`; for an import the counts of its lines.") Map<String, Object> changes,
        @Schema(description = "Why, where the system acted rather than a person; null otherwise.") String reason) {
}
