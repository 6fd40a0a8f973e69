package dev.proxyfleet.status.rest;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.proxyfleet.status.model.FleetModel;
import dev.proxyfleet.status.model.FleetRendering;
import dev.proxyfleet.status.model.ProxyView;
import java.util.concurrent.atomic.AtomicBoolean;

/** The unfiltered {@code /api/status} answer of one {@link ProxyView}, brought up to the model by the requests. */
final class LatestRendering {

    private final ProxyView view;
    private final AtomicBoolean rendering = new AtomicBoolean();
    private volatile FleetRendering latest;

    LatestRendering(ProxyView view) {
        this.view = view;
    }

    /**
     * The rendering to serve: this request brings it up to the model, unless another request is doing so; then it gets
     * the previous one, a render (about a millisecond) behind. Requests never wait for each other, except for the very
     * first rendering: hundreds of requests a second queued on a lock taken a hundred times a second wait far longer
     * than the render itself.
     */
    FleetRendering current(FleetModel model, ObjectMapper json) {
        FleetRendering rendered = latest;
        if (rendered == null) {
            synchronized (this) {
                if (latest == null) {
                    latest = FleetRendering.empty("{", view, json).upTo(model, json);
                }
                return latest;
            }
        }
        if (rendered.snapshot() == model.snapshot() || !rendering.compareAndSet(false, true)) {
            return rendered;
        }
        try {
            latest = rendered.upTo(model, json);
            return latest;
        } finally {
            rendering.set(false);
        }
    }
}
