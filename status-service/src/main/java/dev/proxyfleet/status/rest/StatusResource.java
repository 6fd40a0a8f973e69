package dev.proxyfleet.status.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.proxyfleet.status.model.FleetModel;
import dev.proxyfleet.status.model.FleetRendering;
import dev.proxyfleet.status.model.FleetSnapshot;
import dev.proxyfleet.status.model.ProxyStatus;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;

/**
 * {@code GET /api/status}: overall state, counts and proxies, optionally filtered; the filters narrow the summary
 * too. Served from the in-memory model. The unfiltered answer (several MB for 10,000 proxies) is kept rendered
 * between snapshots, and a new snapshot renders again only the proxies that changed ({@link FleetRendering}).
 */
@Path("/api/status")
@Produces(MediaType.APPLICATION_JSON)
public class StatusResource {

    private final FleetModel model;
    private final ObjectMapper json;
    private final AtomicBoolean rendering = new AtomicBoolean();
    private volatile FleetRendering unfiltered;

    public StatusResource(FleetModel model, ObjectMapper json) {
        this.model = model;
        this.json = json;
    }

    @GET
    public Response status(@QueryParam("provider") String provider, @QueryParam("location") String location,
            @QueryParam("health") String health, @QueryParam("modelId") String modelId,
            @HeaderParam(HttpHeaders.ACCEPT_ENCODING) String encodings) throws JsonProcessingException {
        FleetSnapshot snapshot = model.snapshot();
        if (provider != null || location != null || health != null || modelId != null) {
            Predicate<ProxyStatus> filter = p -> (provider == null || provider.equalsIgnoreCase(p.provider())
                            || provider.equals(String.valueOf(p.providerId())))
                    && (location == null || location.equalsIgnoreCase(p.location()))
                    && (health == null || health.equalsIgnoreCase(p.health()))
                    && (modelId == null || modelId.equals(p.modelId()));
            return Response.ok(json.writeValueAsBytes(StatusReport.of(snapshot.all().stream().filter(filter).toList()))).build();
        }
        FleetRendering rendered = current(snapshot);
        if (encodings != null && encodings.contains("gzip")) {
            return Response.ok(rendered.gzip()).header("Content-Encoding", "gzip").header("Vary", "Accept-Encoding").build();
        }
        return Response.ok(rendered.json()).header("Vary", "Accept-Encoding").build();
    }

    /**
     * The rendering to serve: this request brings it up to the model, unless another request is doing so; then it gets
     * the previous one, a render (about a millisecond) behind. Requests never wait for each other, except for the very
     * first rendering: hundreds of requests a second queued on a lock taken a hundred times a second wait far longer
     * than the render itself.
     */
    private FleetRendering current(FleetSnapshot snapshot) {
        FleetRendering rendered = unfiltered;
        if (rendered == null) {
            synchronized (this) {
                if (unfiltered == null) {
                    unfiltered = FleetRendering.empty("{", json).upTo(model, json);
                }
                return unfiltered;
            }
        }
        if (rendered.snapshot() == snapshot || !rendering.compareAndSet(false, true)) {
            return rendered;
        }
        try {
            unfiltered = rendered.upTo(model, json);
            return unfiltered;
        } finally {
            rendering.set(false);
        }
    }
}
