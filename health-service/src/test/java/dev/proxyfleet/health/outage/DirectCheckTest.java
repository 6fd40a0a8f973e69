package dev.proxyfleet.health.outage;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The direct check of the probe target runs only while its answer may matter: nothing leaves without a proxy before a
 * probe failed (a developer's first {@code ./run.sh} has no proxies and a public default target), and it stops a minute
 * after the last failure.
 */
class DirectCheckTest {

    @Test
    void isDueOnlyForAMinuteAfterAProbeFailed() {
        DirectCheck check = new DirectCheck(null, null);

        assertThat(check.due(System.nanoTime())).as("before any probe failed").isFalse();
        check.wanted();
        long wanted = System.nanoTime();
        assertThat(check.due(wanted)).as("right after a failed probe").isTrue();
        assertThat(check.due(wanted + DirectCheck.WANTED_FOR.toNanos())).as("a minute after it").isFalse();
    }
}
