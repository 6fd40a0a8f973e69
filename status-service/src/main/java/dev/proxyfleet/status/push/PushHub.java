package dev.proxyfleet.status.push;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.proxyfleet.status.model.FleetChange;
import dev.proxyfleet.status.model.FleetModel;
import dev.proxyfleet.status.model.FleetRendering;
import dev.proxyfleet.status.model.ProxyStatus;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.websockets.next.WebSocketConnection;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Pushes the model's changes to every connected browser. A change after a quiet {@link PushConfig#interval()} goes
 * out at once; changes that follow within the interval are coalesced (the latest state of each proxy) and sent as
 * one message when it ends, so each client gets at most one message per interval, serialised once for all clients. Sends never
 * wait: a client with {@link PushConfig#maxUnsent()} messages still queued is disconnected, so a stuck browser
 * costs bounded memory and never delays the others.
 */
@ApplicationScoped
public class PushHub {

    /** A snapshot message is the whole fleet as {@code /api/status} shows it, marked as such. */
    private static final String SNAPSHOT_OPENING = "{\"type\":\"snapshot\",";

    private final FleetModel model;
    private final ObjectMapper json;
    private final PushConfig config;
    private final Vertx vertx;
    private final Map<String, Subscriber> subscribers = new LinkedHashMap<>();
    private final Map<Long, ProxyStatus> changed = new LinkedHashMap<>();
    private final Set<Long> removed = new LinkedHashSet<>();
    private boolean providersChanged;
    /** The snapshot message, rendered again for a later model only where the model changed. */
    private FleetRendering rendered;
    private String renderedSnapshot;
    private boolean flushPending;
    private long lastFlushNanos;
    /** The number of the last delta; {@link #renderedSnapshot} carries the one it was made with. */
    private long seq;
    private long renderedSeq = -1;

    public PushHub(FleetModel model, ObjectMapper json, PushConfig config, MeterRegistry registry, Vertx vertx) {
        this.model = model;
        this.json = json;
        this.config = config;
        this.vertx = vertx;
        this.rendered = FleetRendering.empty(SNAPSHOT_OPENING, json);
        this.lastFlushNanos = System.nanoTime() - config.interval().toNanos();
        Gauge.builder("fleet.websocket.clients", this, PushHub::connected)
                .description("Browsers and clients connected to /ws/status").register(registry);
    }

    /** Sends the snapshot, then registers for deltas, both under the lock so no change falls in between. */
    public synchronized void open(WebSocketConnection connection) {
        FleetRendering current = rendered.upTo(model, json);
        if (current != rendered || renderedSnapshot == null || renderedSeq != seq) {
            rendered = current;
            renderedSeq = seq;
            String rendering = new String(current.json(), StandardCharsets.UTF_8);
            renderedSnapshot = SNAPSHOT_OPENING + "\"seq\":" + seq + "," + rendering.substring(SNAPSHOT_OPENING.length());
        }
        Subscriber subscriber = new Subscriber(connection);
        subscriber.send(renderedSnapshot, config.maxUnsent());
        subscribers.put(connection.id(), subscriber);
    }

    public synchronized void close(WebSocketConnection connection) {
        subscribers.remove(connection.id());
    }

    public synchronized int connected() {
        return subscribers.size();
    }

    synchronized void onChange(@Observes FleetChange change) {
        for (ProxyStatus proxy : change.upserted()) {
            changed.put(proxy.id(), proxy);
            removed.remove(proxy.id());
        }
        for (Long id : change.removed()) {
            changed.remove(id);
            removed.add(id);
        }
        providersChanged |= change.providers();
        if (!flushPending) {
            flushPending = true;
            long wait = (lastFlushNanos + config.interval().toNanos() - System.nanoTime()) / 1_000_000;
            vertx.setTimer(Math.max(1, wait), timer -> flush());
        }
    }

    private synchronized void flush() {
        flushPending = false;
        lastFlushNanos = System.nanoTime();
        if (!subscribers.isEmpty()) {
            String message = write(PushMessage.delta(++seq, model.snapshot().summary(), new ArrayList<>(changed.values()),
                    new ArrayList<>(removed), providersChanged));
            subscribers.values().removeIf(subscriber -> !subscriber.send(message, config.maxUnsent()));
        }
        changed.clear();
        removed.clear();
        providersChanged = false;
    }

    private String write(PushMessage message) {
        try {
            return json.writeValueAsString(message);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
