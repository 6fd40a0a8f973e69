package dev.proxyfleet.inventory.key;

import dev.proxyfleet.security.Caller;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponseSchema;
import org.jboss.resteasy.reactive.RestPath;

/** The API keys bound to one proxy: at most its {@code maxKeys}; secrets go in, never out. */
@Path("/api/proxies/{proxyId}/keys")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ProxyKeysResource {

    private final ApiKeyService keys;
    private final Caller caller;

    public ProxyKeysResource(ApiKeyService keys, Caller caller) {
        this.keys = keys;
        this.caller = caller;
    }

    @APIResponse(responseCode = "200")
    @APIResponse(responseCode = "404", description = "No proxy has this id.")
    @GET
    public Uni<List<ApiKeyResponse>> list(@RestPath long proxyId) {
        return keys.ofProxy(proxyId);
    }

    /** 201 with the key (never its secret); 409 naming the key limit when the proxy holds its maxKeys already. */
    @APIResponseSchema(value = ApiKeyResponse.class, responseCode = "201",
            responseDescription = "Created; `Location` is its URL. The secret is never answered.")
    @APIResponse(responseCode = "404", description = "No proxy has this id.")
    @APIResponse(responseCode = "409", description = "The proxy holds its `maxKeys` already (the detail names the limit),"
            + " or a key of this name: `existingId` names it.")
    @POST
    public Uni<Response> create(@RestPath long proxyId, @Valid ApiKeyRequest request) {
        return caller.actor().chain(actor -> keys.create(proxyId, request, actor)).map(created -> Response
                .created(URI.create("/api/proxies/" + proxyId + "/keys/" + created.id())).entity(created).build());
    }

    @APIResponse(responseCode = "200")
    @APIResponse(responseCode = "404", description = "The proxy has no key of this id.")
    @GET
    @Path("/{keyId}")
    public Uni<ApiKeyResponse> get(@RestPath long proxyId, @RestPath long keyId) {
        return keys.get(proxyId, keyId);
    }

    @APIResponse(responseCode = "204", description = "Deleted.")
    @APIResponse(responseCode = "404", description = "The proxy has no key of this id.")
    @DELETE
    @Path("/{keyId}")
    public Uni<Response> delete(@RestPath long proxyId, @RestPath long keyId) {
        return caller.actor().chain(actor -> keys.delete(proxyId, keyId, actor)).map(deleted -> Response.noContent().build());
    }
}
