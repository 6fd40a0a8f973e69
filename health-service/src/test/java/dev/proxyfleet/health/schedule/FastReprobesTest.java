package dev.proxyfleet.health.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.proxyfleet.contracts.HealthState;
import dev.proxyfleet.health.state.ProxyHealth;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class FastReprobesTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final ProxyHealth FAILING = health(HealthState.HEALTHY, 1, 0);

    private final AtomicLong nanos = new AtomicLong();
    private final ProbeDelays delays = new ProbeDelays(Duration.ofSeconds(30), 0.1, 3, 2, Duration.ofMinutes(5),
            Duration.ofMinutes(2), new Random(7));

    private static ProxyHealth health(HealthState state, int failures, int successes) {
        return new ProxyHealth(state, failures, successes, 0, "", null, 0, null);
    }

    private FastReprobes withSlots(int maxConcurrency) {
        return new FastReprobes(Duration.ofSeconds(2), TIMEOUT, maxConcurrency, nanos::get);
    }

    @Test
    void proxyIsChangingFromItsFirstFailureUntilFailedAndFromItsFirstSuccessUntilRisen() {
        assertThat(FastReprobes.changing(health(HealthState.HEALTHY, 1, 0))).isTrue();
        assertThat(FastReprobes.changing(health(HealthState.DEGRADED, 2, 0))).isTrue();
        assertThat(FastReprobes.changing(health(HealthState.UNKNOWN, 1, 0))).isTrue();
        assertThat(FastReprobes.changing(health(HealthState.FAILED, 0, 1))).isTrue();

        assertThat(FastReprobes.changing(health(HealthState.HEALTHY, 0, 5))).isFalse();
        assertThat(FastReprobes.changing(health(HealthState.FAILED, 3, 0))).isFalse();
        assertThat(FastReprobes.changing(ProxyHealth.UNKNOWN)).isFalse();
    }

    @Test
    void changingProxyComesBackAfterTheFastIntervalWithJitterAndASettledOneGetsNone() {
        FastReprobes reprobes = withSlots(500);

        assertThat(IntStream.range(0, 100).mapToLong(i -> reprobes.nextMs(delays, FAILING).orElseThrow()))
                .allSatisfy(ms -> assertThat(ms).isBetween(1_800L, 2_200L));
        assertThat(reprobes.nextMs(delays, health(HealthState.HEALTHY, 0, 1))).isEmpty();
    }

    @Test
    void aProxyWithAnIntervalShorterThanTheFastOneKeepsItsInterval() {
        ProbeDelays ownInterval = delays.forLabels(List.of("health-interval=500ms"));

        assertThat(withSlots(500).nextMs(ownInterval, FAILING).orElseThrow()).isBetween(450L, 550L);
    }

    @Test
    void budgetHoldsAQuarterOfTheSlotsAndRefillsAsManyPerTimeout() {
        FastReprobes reprobes = withSlots(40);

        assertThat(IntStream.range(0, 11).mapToObj(i -> reprobes.take())).containsExactly(
                true, true, true, true, true, true, true, true, true, true, false);
        nanos.addAndGet(TIMEOUT.toNanos() / 10);
        assertThat(reprobes.take()).isTrue();
        assertThat(reprobes.nextMs(delays, FAILING)).isEmpty();

        nanos.addAndGet(TIMEOUT.toNanos() * 5);
        assertThat(IntStream.range(0, 11).filter(i -> reprobes.take()).count()).isEqualTo(10);
    }

    @Test
    void settledProxiesTakeNothingFromTheBudget() {
        FastReprobes reprobes = withSlots(4);

        assertThat(reprobes.nextMs(delays, ProxyHealth.UNKNOWN)).isEmpty();
        assertThat(reprobes.take()).isTrue();
        assertThat(reprobes.take()).isFalse();
    }

    @Test
    void fastIntervalBelowATenthOfTheTimeoutIsRefused() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new FastReprobes(Duration.ofMillis(999), TIMEOUT, 500, nanos::get))
                .withMessageContaining("health.fast-interval").withMessageContaining("1000 ms");
        assertThatCode(() -> new FastReprobes(Duration.ofSeconds(1), TIMEOUT, 500, nanos::get)).doesNotThrowAnyException();
    }
}
