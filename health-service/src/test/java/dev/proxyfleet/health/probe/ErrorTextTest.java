package dev.proxyfleet.health.probe;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ErrorTextTest {

    @Test
    void removesCredentialsFromUrlsAndTheSecretItself() {
        assertThat(ErrorText.clean("failed http://alice:pw-1@10.0.0.1:3128/x", null)).isEqualTo("failed http://10.0.0.1:3128/x");
        assertThat(ErrorText.clean("auth pw-secret rejected", "pw-secret")).isEqualTo("auth *** rejected");
    }

    @Test
    void keepsOneShortLine() {
        assertThat(ErrorText.clean("first\nsecond", null)).isEqualTo("first");
        assertThat(ErrorText.clean("x".repeat(500), null)).hasSize(160);
        assertThat(ErrorText.clean(null, "s")).isNull();
    }
}
