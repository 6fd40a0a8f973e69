package dev.proxyfleet.health.outage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;

/** When a provider is in outage: a share of its proxies at the threshold, and never fewer than the minimum. */
class OutageRuleTest {

    private final OutageRule rule = new OutageRule(0.5, 5);

    @Test
    void halfOfTheProxiesFailingAtTheThresholdIsAnOutage() {
        assertThat(rule.inOutage(10, 5)).isTrue();
        assertThat(rule.inOutage(10, 10)).isTrue();
    }

    @Test
    void aShareBelowTheThresholdIsNoOutage() {
        assertThat(rule.inOutage(11, 5)).isFalse();
        assertThat(rule.inOutage(100, 49)).isFalse();
    }

    @Test
    void fewerFailingProxiesThanTheMinimumAreNoOutageWhateverTheirShare() {
        assertThat(rule.inOutage(4, 4)).isFalse();
        assertThat(rule.inOutage(8, 4)).isFalse();
        assertThat(rule.inOutage(5, 5)).isTrue();
    }

    @Test
    void refusesAThresholdOutsideItsBoundsAndAMinimumBelowOne() {
        assertThatIllegalArgumentException().isThrownBy(() -> new OutageRule(0, 5));
        assertThatIllegalArgumentException().isThrownBy(() -> new OutageRule(1.01, 5));
        assertThatIllegalArgumentException().isThrownBy(() -> new OutageRule(0.5, 0));
        assertThat(new OutageRule(1, 1).inOutage(3, 3)).isTrue();
    }
}
