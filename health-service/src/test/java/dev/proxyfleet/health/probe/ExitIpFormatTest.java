package dev.proxyfleet.health.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** What an exit-IP target's answer is read as: an IP literal in its canonical form, or nothing. */
class ExitIpFormatTest {

    private static final ExitIpFormat TEXT = ExitIpFormat.of("text");
    private static final ExitIpFormat JSON = ExitIpFormat.of("json:ip");

    @Test
    void readsTheAddressAloneFromText() {
        assertThat(TEXT.read("203.0.113.7\n")).contains("203.0.113.7");
        assertThat(TEXT.read("2001:DB8:0:0:0:0:0:1")).as("canonical, so one address compares equal").contains("2001:db8::1");
    }

    @Test
    void readsTheAddressFromTheNamedFieldOfAJsonObject() {
        assertThat(JSON.read("{\"ip\": \"198.51.100.4\", \"country\": \"DE\"}")).contains("198.51.100.4");
        assertThat(ExitIpFormat.of("json:origin").read("{\"origin\":\"198.51.100.4\"}")).contains("198.51.100.4");
    }

    @Test
    void readsNothingFromAnAnswerThatNamesNoAddress() {
        assertThat(TEXT.read("<html>captive portal</html>")).isEmpty();
        assertThat(TEXT.read("proxy.example.net")).as("a name would need a lookup").isEmpty();
        assertThat(TEXT.read("203.0.113.7, 10.0.0.1")).isEmpty();
        assertThat(TEXT.read(null)).isEmpty();
        assertThat(JSON.read("{\"address\": \"198.51.100.4\"}")).isEmpty();
        assertThat(JSON.read("{\"ip\": 3325256708}")).isEmpty();
        assertThat(JSON.read("[\"198.51.100.4\"]")).isEmpty();
        assertThat(JSON.read("198.51.100.4")).isEmpty();
    }

    @Test
    void acceptsOnlyTextOrAJsonField() {
        assertThatThrownBy(() -> ExitIpFormat.of("json:")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ExitIpFormat.of("xml")).isInstanceOf(IllegalArgumentException.class);
    }
}
