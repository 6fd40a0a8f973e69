package dev.proxyfleet.health.outage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;

/**
 * When a provider is in outage: a share of its proxies at the threshold, and never fewer than the minimum; once in
 * outage, until the share falls below the end threshold.
 */
class OutageRuleTest {

    private final OutageRule rule = new OutageRule(0.5, 0.3, 5);

    @Test
    void halfOfTheProxiesFailingAtTheThresholdIsAnOutage() {
        assertThat(rule.inOutage(false, 10, 5)).isTrue();
        assertThat(rule.inOutage(false, 10, 10)).isTrue();
    }

    @Test
    void aShareBelowTheThresholdIsNoOutage() {
        assertThat(rule.inOutage(false, 11, 5)).isFalse();
        assertThat(rule.inOutage(false, 100, 49)).isFalse();
    }

    @Test
    void fewerFailingProxiesThanTheMinimumAreNoOutageWhateverTheirShare() {
        assertThat(rule.inOutage(false, 4, 4)).isFalse();
        assertThat(rule.inOutage(false, 8, 4)).isFalse();
        assertThat(rule.inOutage(false, 5, 5)).isTrue();
    }

    @Test
    void anOutageLastsUntilTheShareFallsBelowTheEndThresholdNotJustBelowTheStartOne() {
        assertThat(rule.inOutage(true, 100, 49)).isTrue();
        assertThat(rule.inOutage(true, 100, 30)).isTrue();
        // below the minimum, but still 3 of 7 (43 %): the provider's outage goes on
        assertThat(rule.inOutage(true, 7, 3)).isTrue();
        assertThat(rule.inOutage(true, 100, 29)).isFalse();
        assertThat(rule.inOutage(true, 7, 2)).isFalse();
    }

    @Test
    void anOutageOfAProviderLeftWithoutProxiesOrFailuresEnds() {
        assertThat(rule.inOutage(true, 0, 0)).isFalse();
        assertThat(rule.inOutage(true, 10, 0)).isFalse();
    }

    @Test
    void refusesThresholdsOutsideTheirBoundsAndAMinimumBelowOne() {
        assertThatIllegalArgumentException().isThrownBy(() -> new OutageRule(0, 0.3, 5));
        assertThatIllegalArgumentException().isThrownBy(() -> new OutageRule(1.01, 0.3, 5));
        assertThatIllegalArgumentException().isThrownBy(() -> new OutageRule(0.5, 0.3, 0));
        assertThatIllegalArgumentException().isThrownBy(() -> new OutageRule(0.5, 0, 5));
        assertThatIllegalArgumentException().isThrownBy(() -> new OutageRule(0.5, 0.5, 5));
        assertThat(new OutageRule(1, 0.99, 1).inOutage(false, 3, 3)).isTrue();
    }
}
