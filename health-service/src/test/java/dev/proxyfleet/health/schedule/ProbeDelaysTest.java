package dev.proxyfleet.health.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import dev.proxyfleet.contracts.HealthState;
import dev.proxyfleet.health.state.ProxyHealth;
import java.time.Duration;
import java.util.List;
import java.util.LongSummaryStatistics;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class ProbeDelaysTest {

    private final ProbeDelays delays = new ProbeDelays(Duration.ofSeconds(30), 0.1, 3, 2, Duration.ofMinutes(5),
            Duration.ofMinutes(2), new Random(7));

    private static ProxyHealth failedAfter(int failures) {
        return new ProxyHealth(HealthState.FAILED, failures, 0, 0, "-", null, 0, "down");
    }

    @Test
    void jitterSpreadsDelaysOverTheWholeBandAroundTheInterval() {
        LongSummaryStatistics stats = LongStream.range(0, 10_000).map(i -> delays.nextMs(ProxyHealth.UNKNOWN, false)).summaryStatistics();

        assertThat(stats.getMin()).isBetween(27_000L, 27_300L);
        assertThat(stats.getMax()).isBetween(32_700L, 33_000L);
        assertThat(stats.getAverage()).isBetween(29_850.0, 30_150.0);
    }

    @Test
    void firstProbesOfANewFleetSpreadOverOneInterval() {
        long[] buckets = new long[10];
        LongStream.range(0, 10_000).map(i -> delays.firstMs()).forEach(ms -> buckets[(int) (ms / 3_000)]++);

        assertThat(LongStream.of(buckets).boxed().toList()).allSatisfy(count -> assertThat(count).isBetween(850L, 1150L));
    }

    @Test
    void failedProxyBacksOffUpToTheMaximum() {
        assertThat(delays.baseMs(failedAfter(3))).isEqualTo(30_000);
        assertThat(delays.baseMs(failedAfter(4))).isEqualTo(60_000);
        assertThat(delays.baseMs(failedAfter(5))).isEqualTo(120_000);
        assertThat(delays.baseMs(failedAfter(9))).isEqualTo(300_000);
    }

    @Test
    void workingProxyKeepsTheIntervalEvenAfterSomeFailures() {
        assertThat(delays.baseMs(new ProxyHealth(HealthState.HEALTHY, 2, 0, 0, "+--", null, 30, "x"))).isEqualTo(30_000);
    }

    @Test
    void proxyOfAProviderInOutageIsProbedAtTheOutageIntervalWhateverItsStateOrBackOff() {
        for (ProxyHealth health : List.of(ProxyHealth.UNKNOWN, failedAfter(3), failedAfter(9))) {
            assertThat(LongStream.range(0, 1_000).map(i -> delays.nextMs(health, true)).summaryStatistics())
                    .satisfies(stats -> assertThat(stats.getMin()).isGreaterThanOrEqualTo(108_000L))
                    .satisfies(stats -> assertThat(stats.getMax()).isLessThanOrEqualTo(132_000L));
        }
    }

    @Test
    void proxyWithAnIntervalLongerThanTheOutageIntervalKeepsItsOwnDuringAnOutage() {
        assertThat(delays.forLabels(List.of("health-interval=5m")).nextMs(ProxyHealth.UNKNOWN, true))
                .isBetween(270_000L, 330_000L);
    }

    @Test
    void labelGivesAProxyItsOwnIntervalAndUnreadableOnesAreIgnored() {
        assertThat(delays.forLabels(List.of("eu", "health-interval=10s")).baseMs(ProxyHealth.UNKNOWN)).isEqualTo(10_000);
        assertThat(delays.forLabels(List.of("health-interval=2m")).baseMs(ProxyHealth.UNKNOWN)).isEqualTo(120_000);
        assertThat(delays.forLabels(List.of("health-interval=500ms")).baseMs(ProxyHealth.UNKNOWN)).isEqualTo(500);
        assertThat(delays.forLabels(List.of("health-interval=0s", "health-interval=soon", "eu"))).isSameAs(delays);
        assertThat(delays.forLabels(List.of("health-interval=99999999999h"))).isSameAs(delays);
    }
}
