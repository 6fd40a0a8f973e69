package dev.proxyfleet.inventory.settings;

import com.fasterxml.jackson.databind.JsonNode;
import dev.proxyfleet.security.Caller;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * The fleet's runtime settings, which every service applies live from {@code fleet-settings}; changed by admins only,
 * each change recorded with the caller as actor (see {@link Caller}).
 */
@Path("/api/settings")
@Produces(MediaType.APPLICATION_JSON)
public class SettingsResource {

    private final SettingsService settings;
    private final Caller caller;

    public SettingsResource(SettingsService settings, Caller caller) {
        this.settings = settings;
        this.caller = caller;
    }

    /** The runtime settings; a null setting is each service's start-up default. */
    @APIResponse(responseCode = "200", description = "The settings; a null one is each service's start-up default.")
    @GET
    public Uni<SettingsResponse> get() {
        return settings.current();
    }

    /** Changes settings by JSON merge-patch; {@code null} resets one to the services' start-up default. */
    @APIResponse(responseCode = "200", description = "The settings after the change, which is published as"
            + " `settings.changed` on `fleet-settings` in its transaction; a patch that changes nothing publishes nothing.")
    @PATCH
    @Consumes({MediaType.APPLICATION_JSON, "application/merge-patch+json"})
    public Uni<SettingsResponse> patch(JsonNode patch) {
        return caller.actor().chain(actor -> settings.change(patch, actor));
    }
}
