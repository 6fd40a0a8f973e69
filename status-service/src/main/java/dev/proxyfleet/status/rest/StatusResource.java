package dev.proxyfleet.status.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.proxyfleet.status.model.FleetModel;
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
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * {@code GET /api/status}: overall state, counts and proxies, optionally filtered; the filters narrow the summary
 * too. Served from the in-memory model. The unfiltered answer (several MB for 10,000 proxies) is rendered and
 * gzipped at most once per {@code status.api.max-staleness} (1 s) while the model changes, by one request while the
 * others are served the previous rendering: a fleet whose probes change it hundreds of times a second would
 * otherwise render it for nearly every request.
 */
@Path("/api/status")
@Produces(MediaType.APPLICATION_JSON)
public class StatusResource {

    private record Rendered(FleetSnapshot snapshot, byte[] json, byte[] gzip, long atNanos) {
    }

    private final FleetModel model;
    private final ObjectMapper json;
    private final long maxStalenessNanos;
    private final AtomicBoolean rendering = new AtomicBoolean();
    private volatile Rendered unfiltered;

    public StatusResource(FleetModel model, ObjectMapper json,
            @ConfigProperty(name = "status.api.max-staleness", defaultValue = "1s") Duration maxStaleness) {
        this.model = model;
        this.json = json;
        this.maxStalenessNanos = maxStaleness.toNanos();
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
        Rendered rendered = current(snapshot);
        if (encodings != null && encodings.contains("gzip")) {
            return Response.ok(rendered.gzip()).header("Content-Encoding", "gzip").header("Vary", "Accept-Encoding").build();
        }
        return Response.ok(rendered.json()).header("Vary", "Accept-Encoding").build();
    }

    /**
     * The rendering to serve: the cached one while it shows this snapshot, is younger than the staleness bound, or
     * another request is rendering; otherwise this request renders. Only the very first rendering is waited for.
     */
    private Rendered current(FleetSnapshot snapshot) throws JsonProcessingException {
        Rendered cached = unfiltered;
        if (cached != null && (cached.snapshot() == snapshot || System.nanoTime() - cached.atNanos() < maxStalenessNanos)) {
            return cached;
        }
        if (cached == null) {
            synchronized (this) {
                return unfiltered != null ? unfiltered : render(snapshot);
            }
        }
        if (!rendering.compareAndSet(false, true)) {
            return cached;
        }
        try {
            return render(snapshot);
        } finally {
            rendering.set(false);
        }
    }

    private Rendered render(FleetSnapshot snapshot) throws JsonProcessingException {
        byte[] body = json.writeValueAsBytes(StatusReport.of(List.copyOf(snapshot.all())));
        Rendered fresh = new Rendered(snapshot, body, gzip(body), System.nanoTime());
        unfiltered = fresh;
        return fresh;
    }

    private static byte[] gzip(byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length / 8 + 64);
        try (GZIPOutputStream zip = new GZIPOutputStream(out) {
            {
                def.setLevel(Deflater.BEST_SPEED);
            }
        }) {
            zip.write(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
