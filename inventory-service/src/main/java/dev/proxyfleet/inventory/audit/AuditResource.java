package dev.proxyfleet.inventory.audit;

import dev.proxyfleet.inventory.web.NoControlCharacters;
import dev.proxyfleet.inventory.web.Page;
import dev.proxyfleet.web.TimeRange;
import io.smallrye.mutiny.Uni;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

/**
 * The audit trail of the inventory: who changed which provider, proxy, VPS host, API key or setting, when and how,
 * newest first. Assignments have theirs on assignment-service.
 */
@Path("/api/audit")
@Produces(MediaType.APPLICATION_JSON)
public class AuditResource {

    private final AuditLog log;

    public AuditResource(AuditLog log) {
        this.log = log;
    }

    @GET
    public Uni<Page<AuditEntry>> list(
            @QueryParam("entity") @Pattern(regexp = AuditedEntity.KEYS, message = "must be one of " + AuditedEntity.KEYS)
            String entity,
            @Parameter(description = "The entity's id (with `entity`); the settings' is 1.")
            @QueryParam("id") @NoControlCharacters String id,
            @Parameter(description = "The principal who made the changes.")
            @QueryParam("actor") @NoControlCharacters String actor,
            @Parameter(description = "ISO-8601 instant: entries at or after it.") @QueryParam("from") String from,
            @Parameter(description = "ISO-8601 instant: entries before it.") @QueryParam("to") String to,
            @QueryParam("page") @DefaultValue("0") @Min(0) int page,
            @QueryParam("size") @DefaultValue("50") @Min(1) @Max(500) int size) {
        return log.page(new AuditFilter(entity, id, actor, TimeRange.of(from, to)), page, size);
    }
}
