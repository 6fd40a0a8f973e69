package dev.proxyfleet.health.schedule;

import dev.proxyfleet.contracts.ProxyData;
import dev.proxyfleet.health.HealthConfig;
import dev.proxyfleet.health.probe.HealthClassifier;
import dev.proxyfleet.health.probe.ProbeTarget;
import dev.proxyfleet.health.probe.Prober;
import dev.proxyfleet.health.state.HealthRecorder;
import dev.proxyfleet.health.state.HealthStore;
import dev.proxyfleet.health.state.ProxyHealth;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Probes the proxies this instance owns, each on its own timer. Probes run on the event loop (at most
 * {@code max-concurrency} at once; due ones queue for a slot); their results are recorded in batches on a worker
 * thread, and the next probe is timed by the new health, sooner while the proxy is changing state
 * ({@link FastReprobes}). A proxy released or removed mid-probe is neither recorded nor rescheduled.
 */
@ApplicationScoped
public class ProbeSchedule implements OwnedProxies {

    /** A proxy this instance owns, and its pending timer. A stale one (released, removed, replaced) is never probed. */
    private static final class Owned {
        final long id;
        final int partition;
        volatile ProbeTarget target;
        volatile ProbeDelays delays;
        volatile long timer = -1;
        /** Set when the proxy was deleted, not just handed over: its health row must go. */
        volatile boolean deleted;

        Owned(long id, int partition, ProbeTarget target, ProbeDelays delays) {
            this.id = id;
            this.partition = partition;
            this.target = target;
            this.delays = delays;
        }
    }

    private final Vertx vertx;
    private final Prober prober;
    private final HealthClassifier classifier;
    private final HealthStore store;
    private final ProbeDelays delays;
    private final FastReprobes reprobes;
    private final Map<Long, Owned> owned = new ConcurrentHashMap<>();
    private final ProbeSlots<Owned> slots;
    private final ProbeRecording<Owned> recording;

    public ProbeSchedule(Vertx vertx, Prober prober, HealthClassifier classifier, HealthRecorder recorder,
            HealthStore store, HealthConfig config) {
        this.vertx = vertx;
        this.prober = prober;
        this.classifier = classifier;
        this.recording = new ProbeRecording<>(vertx, recorder::recordProbes, this::next);
        this.store = store;
        this.slots = new ProbeSlots<>(config.maxConcurrency(), this::probe);
        this.delays = new ProbeDelays(config.interval(), config.jitter(), config.fall(), config.downBackoff(),
                config.downMaxInterval(), new Random());
        this.reprobes = new FastReprobes(config.fastInterval(), config.timeout(), config.maxConcurrency(), System::nanoTime);
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
        ProbeDelays own = delays.forLabels(proxy.labels());
        if (known != null) {
            known.target = target;
            known.delays = own;
            return;
        }
        Owned fresh = new Owned(proxy.id(), partition, target, own);
        owned.put(proxy.id(), fresh);
        schedule(fresh, own.firstMs());
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

    private void schedule(Owned entry, long delayMs) {
        entry.timer = vertx.setTimer(Math.max(1, delayMs), t -> slots.submit(entry));
    }

    private boolean current(Owned entry) {
        return owned.get(entry.id) == entry;
    }

    private void probe(Owned entry) {
        if (!current(entry)) {
            slots.release();
            return;
        }
        ProbeTarget target = entry.target;
        prober.probe(target).onComplete(result -> {
            slots.release();
            if (current(entry)) {
                recording.add(entry, new HealthRecorder.Probe(target, classifier.classify(result.result())));
            }
        });
    }

    private void next(Owned entry, ProxyHealth health) {
        if (current(entry)) {
            schedule(entry, reprobes.nextMs(entry.delays, health).orElseGet(() -> entry.delays.nextMs(health)));
        } else if (entry.deleted) {
            // The proxy was deleted while this probe was being recorded, which may have written its row again.
            deleteHealth(entry.id);
        }
    }

}
