package dev.proxyfleet.inventory.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.proxyfleet.contracts.Protocol;
import dev.proxyfleet.inventory.importing.ImportOptions;
import dev.proxyfleet.inventory.importing.ImportReport;
import dev.proxyfleet.inventory.importing.ProxyImporter;
import dev.proxyfleet.inventory.web.NoControlCharacters;
import dev.proxyfleet.inventory.web.Page;
import dev.proxyfleet.security.Caller;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import java.net.URI;
import java.util.Arrays;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponseSchema;
import org.jboss.resteasy.reactive.RestPath;

/**
 * Proxies: list with filters, paging and sorting; CRUD. Passwords go in, never out. Changes are audited with the
 * caller as actor (see {@link Caller}).
 */
@Path("/api/proxies")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ProxyResource {

    private final ProxyService proxies;
    private final ProxyImporter importer;
    private final BulkEdit bulk;
    private final Caller caller;

    public ProxyResource(ProxyService proxies, ProxyImporter importer, BulkEdit bulk, Caller caller) {
        this.proxies = proxies;
        this.importer = importer;
        this.bulk = bulk;
        this.caller = caller;
    }

    @GET
    public Uni<Page<ProxyResponse>> list(
            @QueryParam("providerId") Long providerId,
            @QueryParam("enabled") Boolean enabled,
            @QueryParam("protocol") Protocol protocol,
            @QueryParam("location") @NoControlCharacters String location,
            @QueryParam("label") @NoControlCharacters String label,
            @QueryParam("q") @NoControlCharacters String q,
            @QueryParam("page") @DefaultValue("0") @Min(0) int page,
            @QueryParam("size") @DefaultValue("50") @Min(1) @Max(500) int size,
            @QueryParam("sort") String sort) {
        return proxies.list(new ProxyFilter(providerId, enabled, protocol, location, label, q), page, size, sort);
    }

    @APIResponseSchema(value = ProxyResponse.class, responseCode = "201",
            responseDescription = "Created; `Location` is its URL.")
    @APIResponse(responseCode = "409", description = "A proxy with this host, port and username exists: `existingId`"
            + " names it.")
    @POST
    public Uni<Response> create(@Valid ProxyRequest request) {
        return caller.actor().chain(actor -> proxies.create(request, actor))
                .map(created -> Response.created(URI.create("/api/proxies/" + created.id())).entity(created).build());
    }

    /**
     * Imports a list of proxies, one per line ({@code host:port}, {@code host:port:user:pass},
     * {@code user:pass@host:port}, {@code scheme://<user>:<password>@host:port}) or CSV with a header row; answers with
     * the outcome of every line. At most 10 MiB (413 beyond).
     */
    @POST
    @Path("/import")
    @Consumes({MediaType.TEXT_PLAIN, "text/csv"})
    public Uni<ImportReport> importProxies(InputStream body,
            @QueryParam("dryRun") @DefaultValue("false") boolean dryRun,
            @QueryParam("atomic") @DefaultValue("false") boolean atomic,
            // Text, not Long: JAX-RS answers a query parameter it cannot convert (a number beyond a long) with 404.
            @QueryParam("providerId") @Pattern(regexp = "[0-9]{1,18}", message = "must be a provider id") String providerId,
            @QueryParam("protocol") Protocol protocol,
            @QueryParam("labels") @NoControlCharacters String labels,
            @QueryParam("maxAccounts") @Min(1) @Max(100) Integer maxAccounts) {
        List<String> labelList = labels == null ? List.of()
                : Arrays.stream(labels.split(",")).map(String::trim).filter(l -> !l.isEmpty()).toList();
        ImportOptions options = new ImportOptions(providerId == null ? null : Long.valueOf(providerId), protocol, labelList,
                maxAccounts, dryRun, atomic);
        return caller.actor().chain(actor -> importer.importProxies(body, options, actor));
    }

    /**
     * One action on many proxies (at most {@value BulkRequest#MAX_IDS}; 400 beyond): labels added or removed, priority,
     * provider or VPS set, enabled, disabled or deleted. Each proxy is changed as its own PATCH or DELETE would change
     * it, and the answer reports each: its status, and the problem document of one that failed.
     */
    @APIResponse(responseCode = "200", description = "Applied to each proxy that allowed it; `results` says which.")
    @POST
    @Path("/bulk")
    public Uni<BulkReport> bulkEdit(@Valid @NotNull BulkRequest request) {
        return caller.actor().chain(actor -> bulk.apply(request, actor));
    }

    @APIResponse(responseCode = "200")
    @APIResponse(responseCode = "404", description = "No proxy has this id.")
    @GET
    @Path("/{id}")
    public Uni<ProxyResponse> get(@RestPath long id) {
        return proxies.get(id);
    }

    @APIResponse(responseCode = "200")
    @APIResponse(responseCode = "404", description = "No proxy has this id.")
    @APIResponse(responseCode = "409", description = "Another proxy has this host, port and username (`existingId`),"
            + " or the proxy was changed meanwhile.")
    @PUT
    @Path("/{id}")
    public Uni<ProxyResponse> replace(@RestPath long id, @Valid ProxyRequest request) {
        return caller.actor().chain(actor -> proxies.replace(id, request, actor));
    }

    @APIResponse(responseCode = "200")
    @APIResponse(responseCode = "404", description = "No proxy has this id.")
    @APIResponse(responseCode = "409", description = "The proxy was changed meanwhile.")
    @PATCH
    @Path("/{id}")
    @Consumes({MediaType.APPLICATION_JSON, "application/merge-patch+json"})
    public Uni<ProxyResponse> patch(@RestPath long id, JsonNode patch) {
        return caller.actor().chain(actor -> proxies.patch(id, patch, actor));
    }

    @APIResponse(responseCode = "204", description = "Deleted.")
    @APIResponse(responseCode = "404", description = "No proxy has this id.")
    @DELETE
    @Path("/{id}")
    public Uni<Response> delete(@RestPath long id) {
        return caller.actor().chain(actor -> proxies.delete(id, actor)).map(deleted -> Response.noContent().build());
    }
}
