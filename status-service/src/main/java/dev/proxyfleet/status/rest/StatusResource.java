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
import java.util.function.Predicate;

/**
 * {@code GET /api/status}: overall state, counts and proxies, optionally filtered; the filters narrow the summary
 * too. Served from the in-memory model, always current. The unfiltered answer (several MB for 10,000 proxies) is kept
 * rendered between snapshots, and a new snapshot renders again only the proxies that changed ({@link FleetRendering}).
 */
@Path("/api/status")
@Produces(MediaType.APPLICATION_JSON)
public class StatusResource {

    private final FleetModel model;
    private final ObjectMapper json;
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

    /** The rendering of this snapshot or a later one; one request renders while the others wait for it. */
    private FleetRendering current(FleetSnapshot snapshot) {
        FleetRendering rendered = unfiltered;
        if (rendered != null && rendered.snapshot() == snapshot) {
            return rendered;
        }
        synchronized (this) {
            rendered = unfiltered;
            FleetSnapshot latest = model.snapshot();
            if (rendered == null) {
                rendered = FleetRendering.of("{", latest, json);
            } else if (rendered.snapshot() != latest) {
                rendered = rendered.next(latest, json);
            }
            unfiltered = rendered;
            return rendered;
        }
    }
}
