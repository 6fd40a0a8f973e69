package dev.proxyfleet.health.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.proxyfleet.contracts.HealthState;
import dev.proxyfleet.contracts.UsageOutcome;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class HealthRulesTest {

    private final HealthRules rules = new HealthRules(3, 2, 4, 5, Duration.ofMillis(1100));

    private ProxyHealth probes(ProxyHealth start, Outcome... outcomes) {
        ProxyHealth health = start;
        for (Outcome outcome : outcomes) {
            health = rules.afterProbe(health, outcome, outcome == Outcome.DOWN ? null : 50L, outcome == Outcome.DOWN ? "refused" : null);
        }
        return health;
    }

    private ProxyHealth healthy() {
        return probes(ProxyHealth.UNKNOWN, Outcome.UP);
    }

    @Test
    void firstSuccessMakesAnUnknownProxyHealthyAndADegradedResultDegradesAtOnce() {
        assertThat(healthy().state()).isEqualTo(HealthState.HEALTHY);
        assertThat(probes(ProxyHealth.UNKNOWN, Outcome.DEGRADED).state()).isEqualTo(HealthState.DEGRADED);
        assertThat(probes(healthy(), Outcome.DEGRADED, Outcome.UP).state()).isEqualTo(HealthState.HEALTHY);
    }

    @Test
    void marksProxyFailedAfterExactlyFallFailures() {
        ProxyHealth twoDown = probes(healthy(), Outcome.DOWN, Outcome.DOWN);
        ProxyHealth threeDown = probes(twoDown, Outcome.DOWN);

        assertThat(twoDown.state()).isEqualTo(HealthState.HEALTHY);
        assertThat(twoDown.consecutiveFailures()).isEqualTo(2);
        assertThat(threeDown.state()).isEqualTo(HealthState.FAILED);
        assertThat(threeDown.consecutiveFailures()).isEqualTo(3);
        assertThat(threeDown.error()).isEqualTo("refused");
        assertThat(threeDown.latencyMs()).isNull();
    }

    @Test
    void unknownProxyStaysUnknownUntilFallFailures() {
        assertThat(probes(ProxyHealth.UNKNOWN, Outcome.DOWN, Outcome.DOWN).state()).isEqualTo(HealthState.UNKNOWN);
        assertThat(probes(ProxyHealth.UNKNOWN, Outcome.DOWN, Outcome.DOWN, Outcome.DOWN).state()).isEqualTo(HealthState.FAILED);
    }

    @Test
    void aSuccessBetweenFailuresStartsTheCountAgain() {
        ProxyHealth health = probes(healthy(), Outcome.DOWN, Outcome.DOWN, Outcome.UP, Outcome.DOWN, Outcome.DOWN);

        assertThat(health.state()).isEqualTo(HealthState.HEALTHY);
        assertThat(health.consecutiveFailures()).isEqualTo(2);
    }

    @Test
    void failedProxyRecoversAfterExactlyRiseSuccesses() {
        ProxyHealth failed = probes(healthy(), Outcome.DOWN, Outcome.DOWN, Outcome.DOWN);
        ProxyHealth oneUp = probes(failed, Outcome.UP);

        assertThat(oneUp.state()).isEqualTo(HealthState.FAILED);
        assertThat(probes(oneUp, Outcome.UP).state()).isEqualTo(HealthState.HEALTHY);
        assertThat(probes(oneUp, Outcome.DOWN, Outcome.UP).state()).isEqualTo(HealthState.FAILED);
        assertThat(probes(failed, Outcome.UP, Outcome.DEGRADED).state()).isEqualTo(HealthState.DEGRADED);
    }

    @Test
    void scoreIsSeventyPercentSuccessRatePlusThirtyPercentLatencyScore() {
        // timeout 1,100 ms: the latency score falls from 100 at 100 ms to 0 at 1,100 ms
        assertThat(rules.score("", null, false)).isZero();
        assertThat(rules.score("++", 100L, false)).isEqualTo(100);
        assertThat(rules.score("++", 40L, false)).isEqualTo(100);
        assertThat(rules.score("++", 600L, false)).isEqualTo(85);
        assertThat(rules.score("+-", 100L, false)).isEqualTo(65);
        assertThat(rules.score("+~--", 1100L, false)).isEqualTo(35);
        assertThat(rules.score("+~--", 5000L, false)).isEqualTo(35);
    }

    @Test
    void scoreLosesATenthWhileTheLastProbeFailed() {
        assertThat(rules.score("+++-", null, true)).isEqualTo(47);
        ProxyHealth afterFailure = probes(healthy(), Outcome.DOWN);
        assertThat(afterFailure.score()).isEqualTo(Math.round(0.9 * 35));
        assertThat(probes(afterFailure, Outcome.UP).score()).isEqualTo(Math.round(70 * 2 / 3.0 + 30));
    }

    @Test
    void windowKeepsOnlyTheLastResults() {
        ProxyHealth health = probes(ProxyHealth.UNKNOWN, Outcome.DOWN, Outcome.DOWN, Outcome.UP, Outcome.UP, Outcome.UP, Outcome.UP);

        assertThat(health.recent()).isEqualTo("++++");
        assertThat(health.score()).isEqualTo(100);
        assertThat(probes(health, Outcome.DOWN).recent()).isEqualTo("+++-");
    }

    @Test
    void reportedFailedUsesFailAProxyAtUsageFallAndASuccessResetsTheCount() {
        ProxyHealth health = healthy();
        for (int i = 0; i < 4; i++) {
            health = rules.afterUsage(health, UsageOutcome.FAILURE, "503");
        }
        assertThat(health.state()).isEqualTo(HealthState.HEALTHY);
        assertThat(rules.afterUsage(rules.afterUsage(health, UsageOutcome.SUCCESS, null), UsageOutcome.FAILURE, "x").usageFailures())
                .isEqualTo(1);

        ProxyHealth failed = rules.afterUsage(health, UsageOutcome.FAILURE, "503");
        assertThat(failed.state()).isEqualTo(HealthState.FAILED);
        assertThat(failed.error()).isEqualTo("5 consecutive failed uses reported, last: 503");
    }

    @Test
    void proxyFailedByUsageNeedsRiseProbesAndThenForgetsTheFailedUses() {
        ProxyHealth failed = healthy();
        for (int i = 0; i < 5; i++) {
            failed = rules.afterUsage(failed, UsageOutcome.FAILURE, null);
        }
        ProxyHealth back = probes(failed, Outcome.UP, Outcome.UP);

        assertThat(probes(failed, Outcome.UP).state()).isEqualTo(HealthState.FAILED);
        assertThat(back.state()).isEqualTo(HealthState.HEALTHY);
        assertThat(rules.afterUsage(back, UsageOutcome.FAILURE, null).state()).isEqualTo(HealthState.HEALTHY);
    }

    @Test
    void refusesThresholdsBelowOne() {
        assertThatThrownBy(() -> new HealthRules(0, 2, 20, 5, Duration.ofSeconds(10))).isInstanceOf(IllegalArgumentException.class);
    }
}
