package dev.proxyfleet.inventory.vps;

import dev.proxyfleet.security.Caller;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponseSchema;
import org.jboss.resteasy.reactive.RestPath;

/** VPS hosts: CRUD. */
@Path("/api/vps")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class VpsResource {

    private final VpsService vpsHosts;
    private final Caller caller;

    public VpsResource(VpsService vpsHosts, Caller caller) {
        this.vpsHosts = vpsHosts;
        this.caller = caller;
    }

    @GET
    public Uni<List<VpsResponse>> list() {
        return vpsHosts.list();
    }

    @APIResponseSchema(value = VpsResponse.class, responseCode = "201",
            responseDescription = "Created; `Location` is its URL.")
    @APIResponse(responseCode = "409", description = "A VPS host of this name exists: `existingId` names it.")
    @POST
    public Uni<Response> create(@Valid VpsRequest request) {
        return caller.actor().chain(actor -> vpsHosts.create(request, actor))
                .map(created -> Response.created(URI.create("/api/vps/" + created.id())).entity(created).build());
    }

    @APIResponse(responseCode = "200")
    @APIResponse(responseCode = "404", description = "No VPS host has this id.")
    @GET
    @Path("/{id}")
    public Uni<VpsResponse> get(@RestPath long id) {
        return vpsHosts.get(id);
    }

    @APIResponse(responseCode = "200")
    @APIResponse(responseCode = "404", description = "No VPS host has this id.")
    @APIResponse(responseCode = "409", description = "Another VPS host has this name: `existingId` names it.")
    @PUT
    @Path("/{id}")
    public Uni<VpsResponse> replace(@RestPath long id, @Valid VpsRequest request) {
        return caller.actor().chain(actor -> vpsHosts.replace(id, request, actor));
    }

    @APIResponse(responseCode = "204", description = "Deleted.")
    @APIResponse(responseCode = "404", description = "No VPS host has this id.")
    @APIResponse(responseCode = "409", description = "Proxies still name this VPS host.")
    @DELETE
    @Path("/{id}")
    public Uni<Response> delete(@RestPath long id) {
        return caller.actor().chain(actor -> vpsHosts.delete(id, actor)).map(deleted -> Response.noContent().build());
    }
}
