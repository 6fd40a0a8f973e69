package dev.proxyfleet.status.push;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.proxyfleet.status.model.FleetChange;
import dev.proxyfleet.status.model.FleetModel;
import dev.proxyfleet.status.model.ProxyStatus;
import dev.proxyfleet.status.model.ProxyView;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.WebSocketConnection;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Pushes the model's changes to every connected browser. A change after a quiet {@link PushConfig#interval()} goes
 * out at once; changes that follow within the interval are coalesced (the latest state of each proxy) and sent as
 * one message when it ends, so each client gets at most one message per interval, serialised once per
 * {@link ProxyView} for all clients. Sends never wait: a client with {@link PushConfig#maxUnsent()} messages or
 * {@link PushConfig#maxUnsentBytes()} still queued is disconnected, and at most {@link PushConfig#maxClients()} are
 * connected, so stuck browsers cost bounded memory and never delay the others.
 */
@ApplicationScoped
public class PushHub {

    /** Closed at once beyond {@link PushConfig#maxClients()}: 1013 is "try again later". */
    private static final int TRY_AGAIN_LATER = 1013;

    private final FleetModel model;
    private final ObjectMapper json;
    private final PushConfig config;
    private final Vertx vertx;
    private final Map<String, Subscriber> subscribers = new LinkedHashMap<>();
    private final Map<Long, ProxyStatus> changed = new LinkedHashMap<>();
    private final Set<Long> removed = new LinkedHashSet<>();
    private final Map<ProxyView, SnapshotMessage> snapshots = new EnumMap<>(ProxyView.class);
    private boolean providersChanged;
    private boolean flushPending;
    private long lastFlushNanos;
    /** The number of the last delta. */
    private long seq;

    public PushHub(FleetModel model, ObjectMapper json, PushConfig config, MeterRegistry registry, Vertx vertx) {
        this.model = model;
        this.json = json;
        this.config = config;
        this.vertx = vertx;
        for (ProxyView view : ProxyView.values()) {
            snapshots.put(view, new SnapshotMessage(view, json));
        }
        this.lastFlushNanos = System.nanoTime() - config.interval().toNanos();
        Gauge.builder("fleet.websocket.clients", this, PushHub::connected)
                .description("Browsers and clients connected to /ws/status").register(registry);
    }

    /**
     * Sends the snapshot of the client's view, then registers it for deltas, both under the lock so no change falls in
     * between; beyond {@link PushConfig#maxClients()} the connection is closed instead.
     */
    public synchronized void open(WebSocketConnection connection, ProxyView view) {
        if (subscribers.size() >= config.maxClients()) {
            Log.warnf("Refusing WebSocket %s: %d clients connected already", connection.id(), subscribers.size());
            connection.close(new CloseReason(TRY_AGAIN_LATER, "too many clients: at most " + config.maxClients()))
                    .subscribe().with(ok -> { }, failure -> { });
            return;
        }
        Subscriber subscriber = new Subscriber(connection, view);
        subscriber.send(snapshots.get(view).current(model, json, seq), config);
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
            long number = ++seq;
            Map<ProxyView, PushText> messages = new EnumMap<>(ProxyView.class);
            subscribers.values().removeIf(subscriber -> !subscriber.send(
                    messages.computeIfAbsent(subscriber.view(), view -> delta(number, view)), config));
        }
        changed.clear();
        removed.clear();
        providersChanged = false;
    }

    /** The delta as one view shows it, serialised once for all of that view's clients. */
    private PushText delta(long number, ProxyView view) {
        PushMessage message = PushMessage.delta(number, model.snapshot().summary(), view.show(changed.values()),
                view.listsProxies() ? new ArrayList<>(removed) : List.of(), providersChanged);
        try {
            return PushText.of(json.writeValueAsString(message));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
