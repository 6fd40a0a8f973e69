package dev.proxyfleet.assignment.rest;

import dev.proxyfleet.assignment.engine.HistoryFilter;
import dev.proxyfleet.assignment.engine.HistoryStore;
import dev.proxyfleet.web.TimeRange;
import io.smallrye.mutiny.Uni;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

/**
 * The assignments' audit trail: the assignment history (written in the transaction of each change, with its actor
 * and reason) in the audit's shape, newest first. Paged by cursor: the next page is the entries {@code before} the
 * last id answered. Providers, proxies, VPS hosts, keys and settings have theirs on inventory-service.
 */
@Path("/api/audit")
@Produces(MediaType.APPLICATION_JSON)
public class AuditResource {

    private final HistoryStore history;

    public AuditResource(HistoryStore history) {
        this.history = history;
    }

    @GET
    public Uni<List<AuditEntry>> list(
            @QueryParam("entity") @Pattern(regexp = AuditEntry.ENTITY, message = "must be assignment here; providers,"
                    + " proxies, VPS hosts, keys and settings are audited by inventory-service") String entity,
            @Parameter(description = "The account id.") @QueryParam("id") @ExternalId String id,
            @Parameter(description = "The principal who made the changes; `system` for the system's.")
            @QueryParam("actor") @Size(max = 200) String actor,
            @Parameter(description = "ISO-8601 instant: entries at or after it.") @QueryParam("from") String from,
            @Parameter(description = "ISO-8601 instant: entries before it.") @QueryParam("to") String to,
            @Parameter(description = "Paging cursor: only entries with a smaller id (the last `id` of the page before).")
            @QueryParam("before") @Min(1) Long before,
            @QueryParam("limit") @DefaultValue("100") @Min(1) @Max(1000) int limit) {
        return history.history(new HistoryFilter(id, null, actor, TimeRange.of(from, to), before), limit)
                .map(entries -> entries.stream().map(AuditEntry::from).toList());
    }
}
