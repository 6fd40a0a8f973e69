package dev.proxyfleet.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class TimeRangeTest {

    @Test
    void parsesBothEndsAndLeavesAMissingOneOpen() {
        assertThat(TimeRange.of("2026-12-05T10:00:00Z", null))
                .isEqualTo(new TimeRange(Instant.parse("2026-12-05T10:00:00Z"), null));
    }

    @Test
    void refusesTextThatIsNoInstantNamingTheParameter() {
        assertThatThrownBy(() -> TimeRange.of(null, "yesterday")).isInstanceOf(InvalidFieldException.class)
                .extracting(e -> ((InvalidFieldException) e).field()).isEqualTo("to");
    }

    @Test
    void refusesAnEndThatIsNotAfterTheStart() {
        assertThatThrownBy(() -> TimeRange.of("2026-12-05T10:00:00Z", "2026-12-05T10:00:00Z"))
                .isInstanceOf(InvalidFieldException.class).extracting(e -> ((InvalidFieldException) e).field())
                .isEqualTo("to");
    }
}
