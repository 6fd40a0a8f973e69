package dev.proxyfleet.health.schedule;

import dev.proxyfleet.contracts.ProxyData;
import dev.proxyfleet.health.HealthConfig;
import dev.proxyfleet.health.probe.HealthClassifier;
import dev.proxyfleet.health.probe.ProbeTarget;
import dev.proxyfleet.health.probe.Prober;
import dev.proxyfleet.health.state.HealthRecorder;
import dev.proxyfleet.health.state.HealthStore;
import dev.proxyfleet.health.state.ProxyHealth;
import io.quarkus.logging.Log;
import io.vertx.core.AsyncResult;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Probes the proxies this instance owns, each on its own timer. Probes run on the event loop (at most
 * {@code max-concurrency} at once; due ones queue for a slot); their results are recorded on worker threads, and the
 * next probe is timed by the new health. A proxy released or removed mid-probe is neither recorded nor rescheduled.
 */
@ApplicationScoped
public class ProbeSchedule implements OwnedProxies {

    /** A proxy this instance owns, and its pending timer. */
    private static final class Owned {
        final int partition;
        volatile ProbeTarget target;
        volatile long timer = -1;
        /** Set when the proxy was deleted, not just handed over: its health row must go. */
        volatile boolean deleted;

        Owned(int partition, ProbeTarget target) {
            this.partition = partition;
            this.target = target;
        }
    }

    private final Vertx vertx;
    private final Prober prober;
    private final HealthClassifier classifier;
    private final HealthRecorder recorder;
    private final HealthStore store;
    private final ProbeDelays delays;
    private final int maxConcurrency;
    private final Map<Long, Owned> owned = new ConcurrentHashMap<>();
    private final Queue<Long> waiting = new ConcurrentLinkedQueue<>();
    private final AtomicInteger inFlight = new AtomicInteger();

    public ProbeSchedule(Vertx vertx, Prober prober, HealthClassifier classifier, HealthRecorder recorder,
            HealthStore store, HealthConfig config) {
        this.vertx = vertx;
        this.prober = prober;
        this.classifier = classifier;
        this.recorder = recorder;
        this.store = store;
        this.maxConcurrency = config.maxConcurrency();
        this.delays = new ProbeDelays(config.interval(), config.jitter(), config.fall(), config.downBackoff(),
                config.downMaxInterval(), new Random());
    }

    /** Disabled proxies are not probed: only operators disable, and they re-enable. */
    @Override
    public void upsert(int partition, ProxyData proxy) {
        if (!proxy.enabled()) {
            forget(proxy.id());
            return;
        }
        ProbeTarget target = ProbeTarget.of(proxy);
        Owned known = owned.get(proxy.id());
        if (known != null && known.partition == partition) {
            known.target = target;
            return;
        }
        Owned fresh = new Owned(partition, target);
        owned.put(proxy.id(), fresh);
        schedule(proxy.id(), fresh, delays.firstMs());
    }

    @Override
    public void remove(long proxyId) {
        Owned gone = forget(proxyId);
        if (gone != null) {
            gone.deleted = true;
            deleteHealth(proxyId);
        }
    }

    @Override
    public void release(Set<Integer> partitions) {
        owned.entrySet().stream().filter(e -> partitions.contains(e.getValue().partition))
                .map(Map.Entry::getKey).toList().forEach(this::forget);
    }

    /** The proxy's endpoint when this instance owns it. */
    public Optional<ProbeTarget> target(long proxyId) {
        return Optional.ofNullable(owned.get(proxyId)).map(o -> o.target);
    }

    /** How many proxies this instance probes. */
    public int size() {
        return owned.size();
    }

    private Owned forget(long proxyId) {
        Owned gone = owned.remove(proxyId);
        if (gone != null) {
            vertx.cancelTimer(gone.timer);
        }
        return gone;
    }

    private void deleteHealth(long proxyId) {
        vertx.executeBlocking(() -> store.delete(proxyId), false);
    }

    private void schedule(long proxyId, Owned entry, long delayMs) {
        entry.timer = vertx.setTimer(Math.max(1, delayMs), t -> due(proxyId));
    }

    private void due(long proxyId) {
        waiting.add(proxyId);
        drain();
    }

    /** Starts waiting probes while slots are free. */
    private void drain() {
        while (true) {
            int busy = inFlight.get();
            if (busy >= maxConcurrency) {
                return;
            }
            if (inFlight.compareAndSet(busy, busy + 1)) {
                Long next = waiting.poll();
                if (next != null) {
                    probe(next);
                } else {
                    inFlight.decrementAndGet();
                    if (waiting.isEmpty()) {
                        return;
                    }
                }
            }
        }
    }

    private void probe(long proxyId) {
        Owned entry = owned.get(proxyId);
        if (entry == null) {
            slotFreed();
            return;
        }
        ProbeTarget target = entry.target;
        prober.probe(target).onComplete(result -> {
            slotFreed();
            if (owned.get(proxyId) == entry) {
                vertx.executeBlocking(() -> recorder.recordProbe(target, classifier.classify(result.result())), false)
                        .onComplete(recorded -> next(proxyId, entry, recorded));
            }
        });
    }

    private void next(long proxyId, Owned entry, AsyncResult<ProxyHealth> recorded) {
        if (recorded.failed()) {
            Log.warnf("Could not record the probe of proxy %d: %s", proxyId, recorded.cause().getMessage());
        }
        if (owned.get(proxyId) == entry) {
            schedule(proxyId, entry, delays.nextMs(recorded.succeeded() ? recorded.result() : ProxyHealth.UNKNOWN));
        } else if (entry.deleted) {
            // The proxy was deleted while this probe was being recorded, which may have written its row again.
            deleteHealth(proxyId);
        }
    }

    private void slotFreed() {
        inFlight.decrementAndGet();
        drain();
    }
}
