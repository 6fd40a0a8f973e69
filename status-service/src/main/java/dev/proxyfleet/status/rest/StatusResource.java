package dev.proxyfleet.status.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.proxyfleet.status.model.FleetModel;
import dev.proxyfleet.status.model.FleetSnapshot;
import dev.proxyfleet.status.model.ProxyStatus;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.function.Predicate;

/**
 * {@code GET /api/status}: overall state, counts and proxies, optionally filtered; the filters narrow the summary
 * too. Served from the in-memory model; the unfiltered answer is rendered once per model change.
 */
@Path("/api/status")
@Produces(MediaType.APPLICATION_JSON)
public class StatusResource {

    private record Rendered(FleetSnapshot snapshot, byte[] json) {
    }

    private final FleetModel model;
    private final ObjectMapper json;
    private volatile Rendered unfiltered = new Rendered(null, null);

    public StatusResource(FleetModel model, ObjectMapper json) {
        this.model = model;
        this.json = json;
    }

    @GET
    public byte[] status(@QueryParam("provider") String provider, @QueryParam("location") String location,
            @QueryParam("health") String health, @QueryParam("modelId") String modelId) throws JsonProcessingException {
        FleetSnapshot snapshot = model.snapshot();
        if (provider == null && location == null && health == null && modelId == null) {
            return render(snapshot);
        }
        Predicate<ProxyStatus> filter = p -> (provider == null || provider.equalsIgnoreCase(p.provider())
                        || provider.equals(String.valueOf(p.providerId())))
                && (location == null || location.equalsIgnoreCase(p.location()))
                && (health == null || health.equalsIgnoreCase(p.health()))
                && (modelId == null || modelId.equals(p.modelId()));
        return json.writeValueAsBytes(StatusReport.of(snapshot.all().stream().filter(filter).toList()));
    }

    private byte[] render(FleetSnapshot snapshot) throws JsonProcessingException {
        Rendered cached = unfiltered;
        if (cached.snapshot() != snapshot) {
            cached = new Rendered(snapshot, json.writeValueAsBytes(StatusReport.of(List.copyOf(snapshot.all()))));
            unfiltered = cached;
        }
        return cached.json();
    }
}
