package dev.proxyfleet.health.state;

import dev.proxyfleet.contracts.EventType;
import dev.proxyfleet.contracts.HealthData;
import dev.proxyfleet.contracts.UsageData;
import dev.proxyfleet.contracts.UsageOutcome;
import dev.proxyfleet.health.HealthConfig;
import dev.proxyfleet.health.probe.ErrorText;
import dev.proxyfleet.health.probe.ProbeTarget;
import dev.proxyfleet.health.probe.Verdict;
import dev.proxyfleet.messaging.Outbox;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * Applies a probe result or a reported use to a proxy's health: the row (locked, so probes and reports of one proxy
 * apply one after the other on any replica), the log entry and the events go into one transaction. Every probe
 * emits {@code proxy.probed}; every change of state also emits {@code proxy.health-changed}.
 */
@ApplicationScoped
public class HealthRecorder {

    private final HealthStore store;
    private final Outbox outbox;
    private final HealthRules rules;
    private final HealthMetrics metrics;

    public HealthRecorder(HealthStore store, Outbox outbox, HealthConfig config, HealthMetrics metrics) {
        this.store = store;
        this.outbox = outbox;
        this.metrics = metrics;
        this.rules = new HealthRules(config.fall(), config.rise(), config.window(), config.usageFall(), config.timeout());
    }

    /** A probe to record: where it went and how it was judged. */
    public record Probe(ProbeTarget target, Verdict verdict) {
    }

    @Transactional
    public ProxyHealth recordProbe(ProbeTarget target, Verdict verdict) {
        return recordProbes(List.of(new Probe(target, verdict))).get(0);
    }

    /**
     * Records many probes in one transaction (one commit and one outbox batch instead of one each: most of a probe's
     * cost); answers each proxy's new health, in the order given. Each proxy appears at most once.
     */
    @Transactional
    public List<ProxyHealth> recordProbes(List<Probe> probes) {
        List<HealthData> probed = new ArrayList<>(probes.size());
        List<ProxyHealth> healths = new ArrayList<>(probes.size());
        for (Probe probe : probes) {
            Verdict verdict = probe.verdict();
            ProxyHealth before = store.lockForProbe(probe.target());
            ProxyHealth after = rules.afterProbe(before, verdict.outcome(), verdict.latencyMs(), verdict.error());
            probed.add(keep(probe.target().id(), before, after, ResultSource.PROBE));
            healths.add(after);
        }
        outbox.appendAll(EventType.PROXY_PROBED, probed);
        probed.forEach(this::announceChange);
        metrics.probed(probes.stream().map(Probe::verdict).toList(), probed);
        return healths;
    }

    /** Called in the consumer's transaction, which also records the event id. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void recordUsage(UsageData usage) {
        ProxyHealth before = store.lock(usage.proxyId());
        ProxyHealth after = rules.afterUsage(before, usage.outcome(), ErrorText.clean(usage.error(), null));
        store.countUse(usage.proxyId(), usage.outcome() == UsageOutcome.FAILURE);
        announceChange(keep(usage.proxyId(), before, after, ResultSource.USAGE));
    }

    private HealthData keep(long proxyId, ProxyHealth before, ProxyHealth after, ResultSource source) {
        Instant at = Instant.now().truncatedTo(ChronoUnit.MICROS);
        store.save(proxyId, after, before.state() != after.state(), source, at);
        return new HealthData(proxyId, before.state(), after.state(), after.latencyMs(), after.consecutiveFailures(),
                after.score(), after.error(), at);
    }

    private void announceChange(HealthData data) {
        if (data.from() != data.to()) {
            Log.infof("Proxy %d: %s -> %s (%s)", data.proxyId(), HealthStore.name(data.from()), HealthStore.name(data.to()),
                    data.error() == null ? "ok" : data.error());
            outbox.append(EventType.PROXY_HEALTH_CHANGED, data);
        }
    }
}
