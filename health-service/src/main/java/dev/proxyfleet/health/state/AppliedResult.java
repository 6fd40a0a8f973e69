package dev.proxyfleet.health.state;

import dev.proxyfleet.contracts.ExitIpData;
import dev.proxyfleet.contracts.HealthData;
import java.time.Instant;
import java.util.Objects;

/**
 * One result (a probe or a reported use) applied to a proxy's health: the health and the exit IP before and after it.
 */
record AppliedResult(long proxyId, ResultSource source, Instant at, ProxyHealth before, ProxyHealth after,
        ExitIp exitIpBefore, ExitIp exitIp) {

    boolean changed() {
        return before.state() != after.state();
    }

    boolean exitIpChanged() {
        return !Objects.equals(exitIpBefore.address(), exitIp.address());
    }

    /** The change of exit IP this result read (call only when {@link #exitIpChanged}). */
    ExitIpData exitIpData() {
        return new ExitIpData(proxyId, exitIpBefore.address(), exitIp.address(), at);
    }

    /** The result as its events carry it, judged while the proxy's provider was in outage or not. */
    HealthData data(boolean providerOutage) {
        return new HealthData(proxyId, before.state(), after.state(), after.latencyMs(), after.consecutiveFailures(),
                after.score(), after.error(), at, providerOutage, exitIp.address(), exitIp.changedAt());
    }
}
