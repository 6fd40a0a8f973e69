package dev.proxyfleet.health.state;

import dev.proxyfleet.contracts.EventType;
import dev.proxyfleet.contracts.HealthData;
import dev.proxyfleet.contracts.HealthState;
import dev.proxyfleet.contracts.HealthStateData;
import dev.proxyfleet.contracts.Topic;
import dev.proxyfleet.contracts.UsageData;
import dev.proxyfleet.health.HealthConfig;
import dev.proxyfleet.health.outage.ProviderOutages;
import dev.proxyfleet.health.probe.ErrorText;
import dev.proxyfleet.health.probe.ProbeTarget;
import dev.proxyfleet.health.probe.Verdict;
import dev.proxyfleet.health.settings.ProbeSettings;
import dev.proxyfleet.messaging.LogCode;
import dev.proxyfleet.messaging.Outbox;
import dev.proxyfleet.messaging.Transactions;
import dev.proxyfleet.messaging.Tx;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.ToLongFunction;
import org.jboss.logging.Logger;

/**
 * Applies probe results or reported uses to proxies' health: the rows (locked, so probes and reports of one proxy
 * apply one after the other on any replica), the log entries and the events go into one transaction. Every probe
 * emits {@code proxy.probed}; every change of state also emits {@code proxy.health-changed}; the proxy's current
 * health goes out on {@code proxy-health-state} when {@link StatePublication} says it is due, and a tombstone there
 * when a deleted proxy is forgotten. The providers of the probed proxies (and our egress) are judged for an outage
 * ({@link ProviderOutages}) in the same transaction, after the probes are written and before their events, which
 * carry whether the proxy's provider is in outage or our egress is down ({@code providerOutage}). A probe that read
 * the proxy's exit IP ({@code probe.ExitIpCheck}) moves it, with its time, when it differs from the last one, and emits
 * {@code proxy.exit-ip-changed} before its {@code proxy.probed}; a probe or report that read none keeps it: every event
 * and state record carries the proxy's last known exit IP.
 *
 * <p>A batch costs a constant number of statements whatever its size (most of a probe's cost was its own statements
 * and commit): one locks every row of the batch, the rules run in memory, then the rows, the log and the outbox are
 * written set-wise, those statements pipelined on the connection.
 */
@ApplicationScoped
public class HealthRecorder {

    private final HealthStore store;
    private final Outbox outbox;
    private final Transactions transactions;
    private final HealthConfig config;
    /** Replaced when the probe settings change (see {@link #apply}). */
    private volatile HealthRules rules;
    private final StatePublication publication;
    private final HealthMetrics metrics;
    private final ProviderOutages outages;

    public HealthRecorder(HealthStore store, Outbox outbox, Transactions transactions, HealthConfig config,
            HealthMetrics metrics, ProviderOutages outages) {
        this.store = store;
        this.outages = outages;
        this.outbox = outbox;
        this.transactions = transactions;
        this.metrics = metrics;
        this.config = config;
        apply(ProbeSettings.startUp(config));
        this.publication = new StatePublication(config.stateRefresh(), config.stateScoreStep());
    }

    /** New probe settings: the next results are judged by their fall, rise and timeout (for the score). */
    void apply(@Observes ProbeSettings settings) {
        rules = new HealthRules(settings.fall(), settings.rise(), config.window(), config.usageFall(), settings.timeout());
    }

    /**
     * A probe to record: where it went, how it was judged, and the exit IP it read (null: none, which leaves the last
     * one known).
     */
    public record Probe(ProbeTarget target, Verdict verdict, String exitIp) {
    }

    public Uni<ProxyHealth> recordProbe(Probe probe) {
        return recordProbes(List.of(probe)).map(healths -> healths.get(0));
    }

    /**
     * Records many probes in one transaction (one commit and one outbox batch instead of one each); answers each
     * proxy's new health, in the order given. A proxy probed twice in the batch has its results applied in order.
     */
    public Uni<List<ProxyHealth>> recordProbes(List<Probe> probes) {
        return transactions.inTransaction(tx -> store.lockForProbes(tx, probes.stream().map(Probe::target).toList())
                .chain(locked -> {
                    List<AppliedResult> results = apply(locked, probes, probe -> probe.target().id(), Probe::exitIp,
                            ResultSource.PROBE, (before, probe) -> rules.afterProbe(before, probe.verdict().outcome(),
                                    probe.verdict().latencyMs(), probe.verdict().error()));
                    List<HealthStateData> states = publication.due(results, locked.published());
                    // The providers are judged over the rows just written, and the events then say whether each
                    // proxy's provider is in outage: a fall judged in the batch that starts the outage says so too.
                    // The locked rows carry the providers the probes' targets named (the lock writes them).
                    Map<Long, Long> providers = locked.providers();
                    return store.save(tx, results, states)
                            .chain(() -> outages.judge(tx, Set.copyOf(providers.values()),
                                    probes.stream().anyMatch(probe -> probe.verdict().outcome() == Outcome.DOWN)))
                            .chain(outage -> {
                                List<HealthData> probed = results.stream().map(result -> result.data(
                                        outage.covers(providers.get(result.proxyId())))).toList();
                                metrics.probed(tx, probes.stream().map(Probe::verdict).toList(), probed);
                                return written(outbox.appendAll(tx, EventType.PROXY_EXIT_IP_CHANGED, results.stream()
                                                .filter(AppliedResult::exitIpChanged).map(AppliedResult::exitIpData).toList()),
                                        outbox.appendAll(tx, EventType.PROXY_PROBED, probed),
                                        announceChanges(tx, probed), outbox.appendAll(tx, EventType.PROXY_HEALTH_STATE, states));
                            })
                            .replaceWith(() -> results.stream().map(AppliedResult::after).toList());
                }));
    }

    /**
     * Records clients' reports, in order, in the consumer's transaction (which also records the events' ids). Their
     * events say whether the proxy's provider is in outage, or our egress down, as this replica last read it (at most a
     * second ago): a fall that clients' failed uses caused during an outage keeps its accounts as a probed one does.
     */
    public Uni<Void> recordUsages(Tx tx, List<UsageData> uses) {
        if (uses.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return store.lockForUses(tx, uses).chain(locked -> {
            List<AppliedResult> results = apply(locked, uses, UsageData::proxyId, use -> null, ResultSource.USAGE,
                    (before, use) -> rules.afterUsage(before, use.outcome(), ErrorText.clean(use.error(), null)));
            List<HealthStateData> states = publication.due(results, locked.published());
            return written(store.save(tx, results, states),
                    announceChanges(tx, results.stream()
                            .map(result -> result.data(outages.inOutage(locked.providers().get(result.proxyId())))).toList()),
                    outbox.appendAll(tx, EventType.PROXY_HEALTH_STATE, states));
        });
    }

    /**
     * Forgets a deleted proxy's health, and has compaction forget its state with a tombstone: one transaction. A proxy
     * without health (forgotten already) writes no tombstone again.
     */
    public Uni<Void> forget(long proxyId) {
        return transactions.inTransaction(tx -> store.delete(tx, proxyId).chain(deleted -> deleted
                ? outbox.appendTombstone(tx, Topic.PROXY_HEALTH_STATE, Long.toString(proxyId))
                : Uni.createFrom().voidItem()));
    }

    /**
     * Applies each input to its proxy's health and exit IP, in order, starting from the locked rows'.
     *
     * @param exitIp the exit IP an input read (null: none)
     */
    private <T> List<AppliedResult> apply(HealthStore.Locked locked, List<T> inputs, ToLongFunction<T> proxyId,
            Function<T, String> exitIp, ResultSource source, BiFunction<ProxyHealth, T, ProxyHealth> rule) {
        List<AppliedResult> results = new ArrayList<>(inputs.size());
        for (T input : inputs) {
            long id = proxyId.applyAsLong(input);
            Instant at = Instant.now().truncatedTo(ChronoUnit.MICROS);
            ProxyHealth before = locked.health().get(id);
            ProxyHealth after = rule.apply(before, input);
            ExitIp exitIpBefore = locked.exitIps().get(id);
            ExitIp exitIpAfter = exitIpBefore.after(exitIp.apply(input), at);
            // A later input of the same proxy starts from this one's outcome.
            locked.health().put(id, after);
            locked.exitIps().put(id, exitIpAfter);
            results.add(new AppliedResult(id, source, at, before, after, exitIpBefore, exitIpAfter));
        }
        return results;
    }

    private Uni<Void> announceChanges(Tx tx, List<HealthData> results) {
        List<HealthData> changes = results.stream().filter(result -> result.from() != result.to()).toList();
        // Logged once committed: a batch rolled back and applied again logs its changes once.
        tx.afterCommit(() -> changes.forEach(HealthRecorder::logChange));
        return outbox.appendAll(tx, EventType.PROXY_HEALTH_CHANGED, changes);
    }

    /** A failure is a warning; a return from failed is a recovery; other changes (e.g. to degraded) are news. */
    private static void logChange(HealthData change) {
        LogCode code = change.to() == HealthState.FAILED ? LogCode.PROXY_FAILED
                : change.from() == HealthState.FAILED ? LogCode.PROXY_RECOVERED : LogCode.PROXY_HEALTH_CHANGED;
        code.log(HealthRecorder.class, code == LogCode.PROXY_FAILED ? Logger.Level.WARN : Logger.Level.INFO,
                "proxy %d, %s -> %s, %d failures in a row (%s)", change.proxyId(), HealthStore.name(change.from()),
                HealthStore.name(change.to()), change.consecutiveFailures(), change.error() == null ? "ok" : change.error());
    }

    /**
     * Waits for writes of one transaction issued together: they are pipelined on its connection and run in the order
     * given, so the outbox rows keep the order of the events.
     */
    private static Uni<Void> written(Uni<?>... writes) {
        return Uni.combine().all().unis(writes).discardItems();
    }
}
