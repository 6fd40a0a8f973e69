package dev.proxyfleet.inventory.provider;

import com.fasterxml.jackson.databind.JsonNode;
import dev.proxyfleet.inventory.proxy.ProxyFilter;
import dev.proxyfleet.inventory.proxy.ProxyResponse;
import dev.proxyfleet.inventory.proxy.ProxyService;
import dev.proxyfleet.inventory.web.Page;
import dev.proxyfleet.security.Caller;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
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
import java.net.URI;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponseSchema;
import org.jboss.resteasy.reactive.RestPath;

/** Providers: CRUD, and the proxies of one provider. */
@Path("/api/providers")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ProviderResource {

    private final ProviderService providers;
    private final ProxyService proxies;
    private final Caller caller;

    public ProviderResource(ProviderService providers, ProxyService proxies, Caller caller) {
        this.providers = providers;
        this.proxies = proxies;
        this.caller = caller;
    }

    @GET
    public Uni<List<ProviderResponse>> list() {
        return providers.list();
    }

    @APIResponseSchema(value = ProviderResponse.class, responseCode = "201",
            responseDescription = "Created; `Location` is its URL.")
    @APIResponse(responseCode = "409", description = "A provider of this name exists: `existingId` names it.")
    @POST
    public Uni<Response> create(@Valid ProviderRequest request) {
        return caller.actor().chain(actor -> providers.create(request, actor))
                .map(created -> Response.created(URI.create("/api/providers/" + created.id())).entity(created).build());
    }

    @APIResponse(responseCode = "200")
    @APIResponse(responseCode = "404", description = "No provider has this id.")
    @GET
    @Path("/{id}")
    public Uni<ProviderResponse> get(@RestPath long id) {
        return providers.get(id);
    }

    @APIResponse(responseCode = "200")
    @APIResponse(responseCode = "404", description = "No provider has this id.")
    @APIResponse(responseCode = "409", description = "Another provider has this name (`existingId`), or the provider"
            + " was changed meanwhile.")
    @PUT
    @Path("/{id}")
    public Uni<ProviderResponse> replace(@RestPath long id, @Valid ProviderRequest request) {
        return caller.actor().chain(actor -> providers.replace(id, request, actor));
    }

    @APIResponse(responseCode = "200")
    @APIResponse(responseCode = "404", description = "No provider has this id.")
    @APIResponse(responseCode = "409", description = "Another provider has this name (`existingId`), or the provider"
            + " was changed meanwhile.")
    @PATCH
    @Path("/{id}")
    @Consumes({MediaType.APPLICATION_JSON, "application/merge-patch+json"})
    public Uni<ProviderResponse> patch(@RestPath long id, JsonNode patch) {
        return caller.actor().chain(actor -> providers.patch(id, patch, actor));
    }

    @APIResponse(responseCode = "204", description = "Deleted.")
    @APIResponse(responseCode = "404", description = "No provider has this id.")
    @APIResponse(responseCode = "409", description = "The provider still has proxies and `cascade` is not true.")
    @DELETE
    @Path("/{id}")
    public Uni<Response> delete(@RestPath long id, @QueryParam("cascade") @DefaultValue("false") boolean cascade) {
        return caller.actor().chain(actor -> providers.delete(id, cascade, actor)).map(deleted -> Response.noContent().build());
    }

    @APIResponse(responseCode = "200")
    @APIResponse(responseCode = "404", description = "No provider has this id.")
    @GET
    @Path("/{id}/proxies")
    public Uni<Page<ProxyResponse>> proxies(@RestPath long id,
            @QueryParam("page") @DefaultValue("0") @Min(0) int page,
            @QueryParam("size") @DefaultValue("50") @Min(1) @Max(500) int size,
            @QueryParam("sort") String sort) {
        return providers.get(id).chain(provider -> proxies.list(ProxyFilter.ofProvider(id), page, size, sort));
    }
}
