package dev.proxyfleet.status.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.proxyfleet.status.model.FleetModel;
import dev.proxyfleet.status.model.FleetRendering;
import dev.proxyfleet.status.model.FleetSnapshot;
import dev.proxyfleet.status.model.ProxyStatus;
import dev.proxyfleet.status.model.ProxyView;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * {@code GET /api/status}: overall state, counts and proxies, optionally filtered; the filters narrow the summary
 * too. Served from the in-memory model. Anonymous callers see the public view, viewers everything ({@link CallerView}).
 * The unfiltered answer of each view (several MB for 10,000 proxies) is kept rendered between snapshots, and a new
 * snapshot renders again only the proxies that changed ({@link FleetRendering}).
 *
 * <p>It reads no database, yet runs on a worker thread: rendering a large fleet (a view's first answer, or every
 * proxy after a provider changed: up to tens of milliseconds) must not hold up an event loop, any more than the
 * WebSocket's snapshot may ({@code StatusSocket}); and the caller's identity, authenticated lazily on this public path,
 * may be resolved by waiting for it only there.
 */
@Path("/api/status")
@Produces(MediaType.APPLICATION_JSON)
public class StatusResource {

    /** The answer depends on the token too: a cache must not hand a viewer's answer to anonymous callers. */
    private static final String VARY = "Accept-Encoding, Authorization";

    private final FleetModel model;
    private final ObjectMapper json;
    private final SecurityIdentity caller;
    private final CallerView views;
    private final Map<ProxyView, LatestRendering> unfiltered = new EnumMap<>(ProxyView.class);

    public StatusResource(FleetModel model, ObjectMapper json, SecurityIdentity caller, CallerView views) {
        this.model = model;
        this.json = json;
        this.caller = caller;
        this.views = views;
        for (ProxyView view : ProxyView.values()) {
            unfiltered.put(view, new LatestRendering(view));
        }
    }

    @GET
    @Blocking
    public Response status(@QueryParam("provider") String provider, @QueryParam("location") String location,
            @QueryParam("health") String health, @QueryParam("modelId") String modelId,
            @HeaderParam(HttpHeaders.ACCEPT_ENCODING) String encodings) throws JsonProcessingException {
        ProxyView view = views.of(caller);
        if (provider != null || location != null || health != null || modelId != null) {
            Predicate<ProxyStatus> filter = p -> (provider == null || provider.equalsIgnoreCase(p.provider())
                            || provider.equals(String.valueOf(p.providerId())))
                    && (location == null || location.equalsIgnoreCase(p.location()))
                    && (health == null || health.equalsIgnoreCase(p.health()))
                    && (modelId == null || modelId.equals(p.modelId()));
            FleetSnapshot snapshot = model.snapshot();
            List<ProxyStatus> shown = snapshot.all().stream().filter(filter).toList();
            return Response.ok(json.writeValueAsBytes(StatusReport.of(shown, view, snapshot.summary())))
                    .build();
        }
        FleetRendering rendered = unfiltered.get(view).current(model, json);
        if (encodings != null && encodings.contains("gzip")) {
            return Response.ok(rendered.gzip()).header("Content-Encoding", "gzip").header("Vary", VARY).build();
        }
        return Response.ok(rendered.json()).header("Vary", VARY).build();
    }
}
