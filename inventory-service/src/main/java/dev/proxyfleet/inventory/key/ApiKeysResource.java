package dev.proxyfleet.inventory.key;

import dev.proxyfleet.inventory.web.NoControlCharacters;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/** API keys across the fleet. */
@Path("/api/keys")
@Produces(MediaType.APPLICATION_JSON)
public class ApiKeysResource {

    private final ApiKeyService keys;

    public ApiKeysResource(ApiKeyService keys) {
        this.keys = keys;
    }

    /** The keys of one pool, or every key without {@code pool}, by proxy. */
    @GET
    public Uni<List<ApiKeyResponse>> list(@QueryParam("pool") @NoControlCharacters String pool) {
        return keys.inPool(pool);
    }
}
