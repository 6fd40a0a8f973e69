package dev.proxyfleet.health.state;

import static org.assertj.core.api.Assertions.assertThat;

import dev.proxyfleet.contracts.HealthState;
import dev.proxyfleet.contracts.HealthStateData;
import dev.proxyfleet.health.state.HealthStore.Latest;
import dev.proxyfleet.health.state.StatePublication.Published;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The rows a batch of results leaves: one per proxy, as its last result and its last published record left it. */
class HealthStoreTest {

    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

    private static ProxyHealth health(HealthState state, int failures) {
        return new ProxyHealth(state, failures, 0, 0, "", null, 0, null);
    }

    private static AppliedResult result(long proxyId, ResultSource source, int second, ProxyHealth before, ProxyHealth after) {
        return new AppliedResult(proxyId, source, T0.plusSeconds(second), before, after, ExitIp.UNKNOWN,
                ExitIp.UNKNOWN);
    }

    @Test
    void aProxyWithSeveralResultsKeepsItsLastHealthItsLastProbeAndItsLastChangeOfState() {
        ProxyHealth healthy = health(HealthState.HEALTHY, 0);
        ProxyHealth failing = health(HealthState.HEALTHY, 1);
        ProxyHealth failed = health(HealthState.FAILED, 2);
        ProxyHealth failedAgain = health(HealthState.FAILED, 3);

        List<Latest> rows = List.copyOf(HealthStore.latest(List.of(
                result(1, ResultSource.PROBE, 1, healthy, failing),
                result(2, ResultSource.PROBE, 2, HealthStoreTest.health(HealthState.UNKNOWN, 0), healthy),
                result(1, ResultSource.PROBE, 3, failing, failed),
                result(1, ResultSource.USAGE, 4, failed, failedAgain)), List.of(
                new HealthStateData(1L, HealthState.HEALTHY, null, 1, 0, null, T0.plusSeconds(1)),
                new HealthStateData(1L, HealthState.FAILED, null, 2, 0, null, T0.plusSeconds(3)))));

        assertThat(rows).containsExactly(
                new Latest(1, failedAgain, T0.plusSeconds(3), T0.plusSeconds(3), new Published(T0.plusSeconds(3), 0),
                        ExitIp.UNKNOWN),
                new Latest(2, healthy, T0.plusSeconds(2), T0.plusSeconds(2), null, ExitIp.UNKNOWN));
    }

    @Test
    void reportedUsesThatChangeNothingLeaveTheLastProbeAndTheLastChangeAsStored() {
        ProxyHealth healthy = health(HealthState.HEALTHY, 0);

        assertThat(HealthStore.latest(List.of(result(7, ResultSource.USAGE, 1, healthy, healthy)), List.of()))
                .containsExactly(new Latest(7, healthy, null, null, null, ExitIp.UNKNOWN));
    }
}
