package dev.proxyfleet.status.push;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.proxyfleet.status.model.FleetModel;
import dev.proxyfleet.status.model.FleetRendering;
import dev.proxyfleet.status.model.ProxyView;
import java.nio.charset.StandardCharsets;

/**
 * The snapshot message of one {@link ProxyView}: the whole fleet as {@code /api/status} shows it, marked as such and
 * numbered. Rendered again for a later model only where the model changed, and made into text only when a client
 * connects after a change: not per client. Not thread-safe: {@link PushHub} calls it under its lock.
 */
final class SnapshotMessage {

    private static final String OPENING = "{\"type\":\"snapshot\",";

    private FleetRendering rendered;
    private PushText text;
    /** The {@code seq} {@link #text} carries. */
    private long textSeq = -1;

    SnapshotMessage(ProxyView view, ObjectMapper json) {
        this.rendered = FleetRendering.empty(OPENING, view, json);
    }

    /** The message for a client connecting now, after delta number {@code seq}. */
    PushText current(FleetModel model, ObjectMapper json, long seq) {
        FleetRendering current = rendered.upTo(model, json);
        if (current != rendered || text == null || textSeq != seq) {
            rendered = current;
            textSeq = seq;
            String rendering = new String(current.json(), StandardCharsets.UTF_8);
            text = PushText.of(OPENING + "\"seq\":" + seq + "," + rendering.substring(OPENING.length()));
        }
        return text;
    }
}
