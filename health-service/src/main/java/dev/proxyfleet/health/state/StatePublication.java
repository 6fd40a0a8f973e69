package dev.proxyfleet.health.state;

import dev.proxyfleet.contracts.HealthStateData;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * When a proxy's health goes out on the compacted {@code proxy-health-state}: not at every probe, which would double
 * what {@code proxy.probed} already costs, but when what a reader decides by changes (the state, the consecutive
 * failures, the exit IP), when the score moved by {@code scoreStep} since the last record (so a score jittering around a bound does
 * not publish at every probe), and otherwise once {@code refresh} has passed since the last record, so that latency,
 * score and last check on the topic are never older than that (plus one probe interval) while the proxy is probed.
 */
public final class StatePublication {

    /** What a proxy's last record on the topic said: when, and with which score. */
    public record Published(Instant at, int score) {
    }

    private final Duration refresh;
    private final int scoreStep;

    public StatePublication(Duration refresh, int scoreStep) {
        if (refresh.isNegative() || refresh.isZero() || scoreStep < 1) {
            throw new IllegalArgumentException("state-refresh must be positive and state-score-step at least 1");
        }
        this.refresh = refresh;
        this.scoreStep = scoreStep;
    }

    /**
     * The records due after these results, in their order. {@code published} holds each proxy's last record (absent:
     * never published) and is brought up to date with the ones answered.
     */
    List<HealthStateData> due(List<AppliedResult> results, Map<Long, Published> published) {
        List<HealthStateData> due = new ArrayList<>();
        for (AppliedResult result : results) {
            ProxyHealth after = result.after();
            if (isDue(result, published.get(result.proxyId()))) {
                due.add(new HealthStateData(result.proxyId(), after.state(), after.latencyMs(), after.consecutiveFailures(),
                        after.score(), after.error(), result.at(), result.exitIp().address(),
                        result.exitIp().changedAt()));
                published.put(result.proxyId(), new Published(result.at(), after.score()));
            }
        }
        return due;
    }

    private boolean isDue(AppliedResult result, Published last) {
        return last == null
                || result.changed()
                || result.exitIpChanged()
                || result.before().consecutiveFailures() != result.after().consecutiveFailures()
                || Math.abs(result.after().score() - last.score()) >= scoreStep
                || !result.at().isBefore(last.at().plus(refresh));
    }
}
