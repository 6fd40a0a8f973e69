package dev.proxyfleet.health;

import static org.assertj.core.api.Assertions.assertThat;

import dev.proxyfleet.contracts.HealthState;
import dev.proxyfleet.contracts.Protocol;
import dev.proxyfleet.health.probe.ProbeTarget;
import dev.proxyfleet.health.probe.Verdict;
import dev.proxyfleet.health.state.HealthRecorder;
import dev.proxyfleet.health.state.HealthRecorder.Probe;
import dev.proxyfleet.health.state.Outcome;
import dev.proxyfleet.health.state.ProxyHealth;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A batch of probes is recorded set-wise, and a proxy probed twice in one batch has its results applied in order. */
@QuarkusTest
@WithTestResource(HealthTestResource.class)
class ProbeBatchTest {

    @Inject
    HealthRecorder recorder;

    private static Probe probe(long proxyId, Outcome outcome) {
        ProbeTarget target = new ProbeTarget(proxyId, Protocol.HTTP, "127.0.0.1", 9, null, null, null, null);
        return new Probe(target, new Verdict(outcome, 20, outcome == Outcome.DOWN ? "refused" : null), null);
    }

    @Test
    void recordsABatchWithOneProxyProbedSeveralTimesInOrder() {
        long twice = Inventory.nextId();
        long once = Inventory.nextId();

        List<ProxyHealth> healths = recorder.recordProbes(List.of(probe(twice, Outcome.DOWN), probe(once, Outcome.UP),
                probe(twice, Outcome.DOWN), probe(twice, Outcome.UP))).await().indefinitely();

        assertThat(healths).extracting(ProxyHealth::state).containsExactly(HealthState.UNKNOWN, HealthState.HEALTHY,
                HealthState.UNKNOWN, HealthState.HEALTHY);
        assertThat(healths).extracting(ProxyHealth::consecutiveFailures).containsExactly(1, 0, 2, 0);
        assertThat(Database.strings("SELECT state || ' ' || recent || ' ' || (changed_at IS NOT NULL) || ' '"
                + " || (last_check_at IS NOT NULL) FROM proxy_health WHERE proxy_id IN (" + twice + ", " + once + ")"
                + " ORDER BY proxy_id")).containsExactly("healthy --+ true true", "healthy + true true");
        assertThat(Database.strings("SELECT state || ' ' || coalesce(error, 'ok') FROM health_log WHERE proxy_id = "
                + twice + " ORDER BY id")).containsExactly("unknown refused", "unknown refused", "healthy ok");
    }
}
