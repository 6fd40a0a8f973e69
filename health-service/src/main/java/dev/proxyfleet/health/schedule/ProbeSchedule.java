package dev.proxyfleet.health.schedule;

import dev.proxyfleet.contracts.ProxyData;
import dev.proxyfleet.health.HealthConfig;
import dev.proxyfleet.health.probe.ExitIpCheck;
import dev.proxyfleet.health.outage.OutagesEnded;
import dev.proxyfleet.health.outage.ProviderOutages;
import dev.proxyfleet.health.probe.HealthClassifier;
import dev.proxyfleet.health.probe.ProbeTarget;
import dev.proxyfleet.health.probe.Prober;
import dev.proxyfleet.health.probe.Verdict;
import dev.proxyfleet.health.settings.ProbeSettings;
import dev.proxyfleet.health.state.HealthRecorder;
import dev.proxyfleet.health.state.HealthStore;
import dev.proxyfleet.health.state.ProxyHealth;
import io.quarkus.logging.Log;
import io.quarkus.runtime.Startup;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Probes the proxies this instance owns, each on its own timer. Probes run on the event loop (at most
 * {@code max-concurrency} at once; due ones queue for a slot); their results are recorded in batches
 * ({@link ProbeRecording}), without blocking either, and the next probe is timed by the new health, sooner while the proxy is changing state or after a client
 * reported a failed use ({@link FastReprobes}). A probe that finds the proxy working is followed by an exit-IP check
 * ({@link ExitIpCheck}) when the proxy's last one is an exit-IP interval old; a proxy taken over, or whose endpoint or
 * username changed, is checked at its first working probe. A proxy released or removed mid-probe is neither recorded
 * nor rescheduled. While its provider is in outage ({@link ProviderOutages}) a proxy is probed at the gentle outage
 * interval without fast re-probes, which therefore leave the fleet's budget to the proxies of working providers; when
 * the outage ends its proxies go back to the regular schedule at once.
 *
 * <p>A proxy never probed (new, or re-enabled: disabling forgets its health) is probed at once, so that it is
 * selectable within seconds; one taken over with a health (a restart, a rebalance) waits a random part of the interval,
 * so that a fleet taken over at once is not probed at once.
 */
@ApplicationScoped
@Startup // so that invalid settings (jitter, fast interval) stop the start, not the intake of the first proxy
public class ProbeSchedule implements OwnedProxies {

    /** A proxy this instance owns, and its pending timer. A stale one (released, removed, replaced) is never probed. */
    private static final class Owned {
        final long id;
        /** Changes when a newer record of the proxy is read on another owned partition. */
        volatile int partition;
        volatile ProbeTarget target;
        volatile ProbeDelays delays;
        /** The proxy's labels, which may give it its own interval. */
        volatile List<String> labels;
        volatile long timer = -1;
        /** Set when the proxy was deleted, not just handed over: its health row must go. */
        volatile boolean deleted;
        /** When the pending timer fires and when the last probe was recorded (ms, monotonic clock); guarded by this. */
        long dueAtMs;
        long lastDoneAtMs = nowMs();
        /** Whether the pending timer is a fast re-probe; guarded by this. */
        boolean fastDue;
        /** When the exit IP was last checked (ms, monotonic clock), null: not since this instance took the proxy. */
        volatile Long exitIpCheckedAtMs;

        Owned(long id, int partition, ProbeTarget target, List<String> labels, ProbeDelays delays) {
            this.id = id;
            this.partition = partition;
            this.target = target;
            this.labels = labels;
            this.delays = delays;
        }
    }

    private final Vertx vertx;
    private final Prober prober;
    private final HealthClassifier classifier;
    private final ExitIpCheck exitIps;
    private final HealthRecorder recorder;
    private final HealthStore store;
    private final HealthConfig config;
    private final ProviderOutages outages;
    /** Replaced when the probe settings change (see {@link #apply}). */
    private volatile ProbeDelays delays;
    private volatile FastReprobes reprobes;
    private final Map<Long, Owned> owned = new ConcurrentHashMap<>();
    private final ProbeSlots<Owned> slots;
    private final ProbeRecording<Owned> recording;

    public ProbeSchedule(Vertx vertx, Prober prober, HealthClassifier classifier, ExitIpCheck exitIps,
            HealthRecorder recorder, HealthStore store, HealthConfig config, ProviderOutages outages) {
        this.vertx = vertx;
        this.outages = outages;
        this.prober = prober;
        this.classifier = classifier;
        this.exitIps = exitIps;
        this.recording = new ProbeRecording<>(vertx, recorder::recordProbes, this::next);
        this.recorder = recorder;
        this.store = store;
        this.slots = new ProbeSlots<>(config.maxConcurrency(), this::probe);
        this.config = config;
        ProbeSettings startUp = ProbeSettings.startUp(config);
        this.delays = delays(startUp);
        this.reprobes = reprobes(startUp);
    }

    /**
     * New probe settings: every proxy's next delay follows them, and a proxy waiting longer than a first delay under the
     * new interval is rescheduled to one (a random part of it, so that a fleet does not probe at once). One whose timer
     * has fired is being probed and is scheduled by the new settings when its result is recorded.
     */
    void apply(@Observes ProbeSettings settings) {
        delays = delays(settings);
        reprobes = reprobes(settings);
        owned.values().forEach(entry -> {
            synchronized (entry) {
                entry.delays = delays.forLabels(entry.labels);
                probeWithinFirstDelay(entry);
            }
        });
    }

    /**
     * Outages ended (of providers, or of our egress): the proxies they covered, waiting for their gentle outage probe,
     * are probed within a first delay instead (a random part of the interval, so that a provider's proxies are not probed all at once).
     */
    void outagesEnded(@Observes OutagesEnded ended) {
        owned.values().stream().filter(entry -> ended.ended().covers(entry.target.providerId()))
                .forEach(entry -> {
                    synchronized (entry) {
                        probeWithinFirstDelay(entry);
                    }
                });
    }

    /** Reschedules the proxy to a first delay when it waits longer, unless its timer fired or is a fast re-probe. */
    private void probeWithinFirstDelay(Owned entry) {
        long first = entry.delays.firstMs();
        if (!entry.fastDue && entry.dueAtMs - nowMs() > first && vertx.cancelTimer(entry.timer)) {
            schedule(entry, first);
        }
    }

    private ProbeDelays delays(ProbeSettings settings) {
        return new ProbeDelays(settings.interval(), config.jitter(), settings.fall(), config.downBackoff(),
                config.downMaxInterval(), config.outageInterval(), new Random());
    }

    /** The fast interval is at least a tenth of the timeout ({@link FastReprobes}), also of a timeout set later. */
    private FastReprobes reprobes(ProbeSettings settings) {
        Duration fastInterval = Collections.max(List.of(config.fastInterval(), settings.timeout().dividedBy(10)));
        return new FastReprobes(fastInterval, settings.timeout(), config.maxConcurrency(), System::nanoTime);
    }

    /**
     * Disabled proxies are not probed, and their health is forgotten: re-enabled, a proxy starts afresh (its failures
     * counted from zero) and is probed at once.
     */
    @Override
    public void upsert(int partition, ProxyData proxy) {
        if (!proxy.enabled()) {
            forget(proxy.id());
            deleteHealth(proxy.id());
            return;
        }
        ProbeTarget target = ProbeTarget.of(proxy);
        Owned known = owned.get(proxy.id());
        ProbeDelays own = delays.forLabels(proxy.labels());
        if (known != null) {
            if (!target.sameEndpoint(known.target)) {
                // Another endpoint may leave through another address: its exit IP is read at its next working probe.
                known.exitIpCheckedAtMs = null;
            }
            known.partition = partition;
            known.target = target;
            known.labels = proxy.labels();
            known.delays = own;
            return;
        }
        Owned fresh = new Owned(proxy.id(), partition, target, proxy.labels(), own);
        owned.put(proxy.id(), fresh);
        schedule(fresh, own.firstMs());
        store.target(proxy.id()).subscribe().with(probed -> {
            if (probed.isEmpty()) {
                probeNow(fresh);
            }
        }, failure -> Log.warnf("Could not tell whether proxy %d was probed before, so it waits for its first probe: %s",
                proxy.id(), failure.getMessage()));
    }

    /** Probes the proxy at once instead of at its pending timer, unless that has fired. */
    private void probeNow(Owned entry) {
        synchronized (entry) {
            if (current(entry) && !entry.fastDue && vertx.cancelTimer(entry.timer)) {
                schedule(entry, 0);
            }
        }
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
    public void handedOver(long proxyId) {
        forget(proxyId);
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

    /**
     * A client reported a failed use of the proxy: when this instance owns it, its next probe comes a fast interval
     * after its last one, unless a probe of it is under way, due sooner, or already a fast re-probe, or the budget
     * of fast re-probes is spent, or its provider is in outage (its failure is the provider's).
     */
    public void reprobeSoon(long proxyId) {
        Owned entry = owned.get(proxyId);
        if (entry == null || outages.holdsFastProbes(entry.target.providerId())) {
            return;
        }
        synchronized (entry) {
            long soonest = entry.lastDoneAtMs + reprobes.delayMs(entry.delays);
            // A timer that can no longer be cancelled has fired: the proxy is being probed.
            if (entry.fastDue || soonest >= entry.dueAtMs || !vertx.cancelTimer(entry.timer)) {
                return;
            }
            // With the budget spent, the timer goes back as it was.
            entry.fastDue = reprobes.take();
            schedule(entry, (entry.fastDue ? soonest : entry.dueAtMs) - nowMs());
        }
    }

    private static long nowMs() {
        return System.nanoTime() / 1_000_000;
    }

    private Owned forget(long proxyId) {
        Owned gone = owned.remove(proxyId);
        if (gone != null) {
            vertx.cancelTimer(gone.timer);
        }
        return gone;
    }

    private void deleteHealth(long proxyId) {
        recorder.forget(proxyId).subscribe().with(deleted -> { },
                failure -> Log.warnf("Could not delete the health of deleted proxy %d: %s", proxyId, failure.getMessage()));
    }

    private void schedule(Owned entry, long delayMs) {
        long delay = Math.max(1, delayMs);
        synchronized (entry) {
            entry.dueAtMs = nowMs() + delay;
            entry.timer = vertx.setTimer(delay, t -> slots.submit(entry));
        }
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
        // The slot is held through the exit-IP check: it is one more request in flight.
        prober.probe(target).compose(result -> {
            Verdict verdict = classifier.classify(result);
            return exitIp(entry, target, verdict).map(exitIp -> new HealthRecorder.Probe(target, verdict, exitIp));
        }).onComplete(probe -> {
            slots.release();
            if (current(entry)) {
                recording.add(entry, probe.result());
            }
        });
    }

    /** Checks the exit IP after a probe that leaves the proxy working, at most once per exit-IP interval. */
    private Future<String> exitIp(Owned entry, ProbeTarget target, Verdict verdict) {
        Long last = entry.exitIpCheckedAtMs;
        long now = nowMs();
        if (!exitIps.follows(verdict) || last != null && now - last < config.exitIpInterval().toMillis()) {
            return Future.succeededFuture();
        }
        entry.exitIpCheckedAtMs = now;
        return exitIps.read(target);
    }

    private void next(Owned entry, ProxyHealth health) {
        if (current(entry)) {
            boolean providerOutage = outages.inOutage(entry.target.providerId());
            boolean held = outages.holdsFastProbes(entry.target.providerId());
            synchronized (entry) {
                OptionalLong fast = held ? OptionalLong.empty() : reprobes.nextMs(entry.delays, health);
                entry.fastDue = fast.isPresent();
                entry.lastDoneAtMs = nowMs();
                schedule(entry, fast.orElseGet(() -> entry.delays.nextMs(health, providerOutage)));
            }
        } else if (entry.deleted) {
            // The proxy was deleted while this probe was being recorded, which may have written its row again.
            deleteHealth(entry.id);
        }
    }

}
