package dev.proxyfleet.status.rest;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** {@code GET /api/ui/config}: the service URLs the page calls for operations. */
@Path("/api/ui/config")
@Produces(MediaType.APPLICATION_JSON)
public class UiConfigResource {

    /** The body. */
    public record Urls(String inventoryUrl, String assignmentUrl, String healthUrl) {
    }

    private final UiConfig config;

    public UiConfigResource(UiConfig config) {
        this.config = config;
    }

    @GET
    public Uni<Urls> urls() {
        return Uni.createFrom().item(new Urls(config.inventoryUrl(), config.assignmentUrl(), config.healthUrl()));
    }
}
