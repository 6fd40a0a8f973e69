package dev.proxyfleet.health.state;

import static org.assertj.core.api.Assertions.assertThat;

import dev.proxyfleet.contracts.HealthState;
import dev.proxyfleet.contracts.HealthStateData;
import dev.proxyfleet.health.state.StatePublication.Published;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which results put a proxy's health on proxy-health-state: changes that matter, and a bounded staleness. */
class StatePublicationTest {

    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
    private static final StatePublication PUBLICATION = new StatePublication(Duration.ofMinutes(2), 10);

    private static ProxyHealth health(HealthState state, int failures, long latencyMs, int score) {
        return new ProxyHealth(state, failures, failures == 0 ? 1 : 0, 0, "+", latencyMs, score, null);
    }

    private static AppliedResult probe(int second, ProxyHealth before, ProxyHealth after) {
        return new AppliedResult(1, ResultSource.PROBE, T0.plusSeconds(second), before, after, ExitIp.UNKNOWN,
                ExitIp.UNKNOWN);
    }

    private static Map<Long, Published> publishedAt(int second, int score) {
        return new HashMap<>(Map.of(1L, new Published(T0.plusSeconds(second), score)));
    }

    @Test
    void aProxyNeverPublishedIsPublishedAtItsFirstResult() {
        ProxyHealth healthy = health(HealthState.HEALTHY, 0, 40, 95);

        List<HealthStateData> due = PUBLICATION.due(List.of(probe(1, healthy, healthy)), new HashMap<>());

        assertThat(due).containsExactly(new HealthStateData(1L, HealthState.HEALTHY, 40L, 0, 95, null, T0.plusSeconds(1)));
    }

    @Test
    void steadyProbesWithinTheScoreStepAndTheRefreshPublishNothing() {
        ProxyHealth healthy = health(HealthState.HEALTHY, 0, 40, 95);
        ProxyHealth slower = health(HealthState.HEALTHY, 0, 900, 86);

        assertThat(PUBLICATION.due(List.of(probe(30, healthy, slower), probe(60, slower, healthy)), publishedAt(0, 95)))
                .isEmpty();
    }

    @Test
    void aChangeOfStateOrOfFailuresOrAScoreMovedByTheStepIsPublishedAtOnce() {
        ProxyHealth healthy = health(HealthState.HEALTHY, 0, 40, 95);
        ProxyHealth failing = health(HealthState.HEALTHY, 1, 40, 85);
        ProxyHealth degraded = health(HealthState.DEGRADED, 0, 2500, 85);
        ProxyHealth slow = health(HealthState.HEALTHY, 0, 1500, 85);

        assertThat(PUBLICATION.due(List.of(probe(10, healthy, failing)), publishedAt(0, 95))).hasSize(1);
        assertThat(PUBLICATION.due(List.of(probe(10, healthy, degraded)), publishedAt(0, 95))).hasSize(1);
        assertThat(PUBLICATION.due(List.of(probe(10, healthy, slow)), publishedAt(0, 95))).hasSize(1);
    }

    @Test
    void aChangedExitIpIsPublishedAtOnceWithSinceWhenAndAnUnreadOneChangesNothing() {
        ProxyHealth healthy = health(HealthState.HEALTHY, 0, 40, 95);
        ExitIp first = new ExitIp("127.0.0.2", T0);
        ExitIp moved = first.after("127.0.0.3", T0.plusSeconds(10));

        List<HealthStateData> due = PUBLICATION.due(List.of(
                new AppliedResult(1, ResultSource.PROBE, T0.plusSeconds(10), healthy, healthy, first, moved),
                new AppliedResult(1, ResultSource.PROBE, T0.plusSeconds(20), healthy, healthy, moved,
                        moved.after(null, T0.plusSeconds(20)))), publishedAt(0, 95));

        assertThat(due).containsExactly(new HealthStateData(1L, HealthState.HEALTHY, 40L, 0, 95, null,
                T0.plusSeconds(10), "127.0.0.3", T0.plusSeconds(10)));
        assertThat(first.after("127.0.0.2", T0.plusSeconds(30))).as("the same address again").isSameAs(first);
    }

    @Test
    void theLastRecordIsRepublishedOnceTheRefreshHasPassedAndThenCountsFromThere() {
        ProxyHealth healthy = health(HealthState.HEALTHY, 0, 40, 95);
        Map<Long, Published> published = publishedAt(0, 95);

        List<HealthStateData> due = PUBLICATION.due(List.of(probe(119, healthy, healthy), probe(120, healthy, healthy),
                probe(150, healthy, healthy), probe(240, healthy, healthy)), published);

        assertThat(due).extracting(HealthStateData::at).containsExactly(T0.plusSeconds(120), T0.plusSeconds(240));
        assertThat(published).containsEntry(1L, new Published(T0.plusSeconds(240), 95));
    }
}
