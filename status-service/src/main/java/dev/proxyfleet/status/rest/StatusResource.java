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
import java.util.List;
import java.util.function.Predicate;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * {@code GET /api/status}: overall state, counts and proxies, optionally filtered; the filters narrow the summary
 * too. Served from the in-memory model. The unfiltered answer (several MB for 10,000 proxies) is rendered and
 * gzipped once per model change and then served as is to every caller that accepts gzip.
 */
@Path("/api/status")
@Produces(MediaType.APPLICATION_JSON)
public class StatusResource {

    private record Rendered(FleetSnapshot snapshot, byte[] json, byte[] gzip) {
    }

    private final FleetModel model;
    private final ObjectMapper json;
    private volatile Rendered unfiltered = new Rendered(null, null, null);

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
        Rendered rendered = unfiltered;
        if (rendered.snapshot() != snapshot) {
            rendered = render(snapshot);
        }
        if (encodings != null && encodings.contains("gzip")) {
            return Response.ok(rendered.gzip()).header("Content-Encoding", "gzip").header("Vary", "Accept-Encoding").build();
        }
        return Response.ok(rendered.json()).header("Vary", "Accept-Encoding").build();
    }

    /** Renders once per snapshot even when many requests find the cache stale at the same time. */
    private synchronized Rendered render(FleetSnapshot snapshot) throws JsonProcessingException {
        Rendered cached = unfiltered;
        if (cached.snapshot() != snapshot) {
            byte[] body = json.writeValueAsBytes(StatusReport.of(List.copyOf(snapshot.all())));
            cached = new Rendered(snapshot, body, gzip(body));
            unfiltered = cached;
        }
        return cached;
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
