package dev.proxyfleet.health.probe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.proxyfleet.health.state.Outcome;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class HealthClassifierTest {

    private final HealthClassifier classifier = new HealthClassifier(200, Optional.of("fleet-ok"), Duration.ofMillis(500));

    @Test
    void expectedStatusAndBodyWithinTheBoundIsUp() {
        assertThat(classifier.classify(new ProbeResult(200, "<p>fleet-ok</p>", 120, null)))
                .isEqualTo(new Verdict(Outcome.UP, 120, null));
    }

    @Test
    void successSlowerThanTheDegradedBoundIsSlow() {
        assertThat(classifier.classify(new ProbeResult(200, "fleet-ok", 501, null)).outcome()).isEqualTo(Outcome.SLOW);
        assertThat(classifier.classify(new ProbeResult(200, "fleet-ok", 500, null)).outcome()).isEqualTo(Outcome.UP);
    }

    @Test
    void serverAndClientErrorsAreDownWithTheStatus() {
        assertThat(classifier.classify(new ProbeResult(503, "fleet-ok", 10, null)))
                .isEqualTo(new Verdict(Outcome.DOWN, 10, "HTTP 503, expected 200"));
        assertThat(classifier.classify(new ProbeResult(407, "", 10, null)).error()).isEqualTo("HTTP 407, expected 200");
    }

    @Test
    void missingBodyTextIsDown() {
        Verdict verdict = classifier.classify(new ProbeResult(200, "captive portal login", 10, null));

        assertThat(verdict.outcome()).isEqualTo(Outcome.DOWN);
        assertThat(verdict.error()).isEqualTo("body does not contain /fleet-ok/");
    }

    @Test
    void noResponseIsDownWithItsReason() {
        assertThat(classifier.classify(ProbeResult.failed(1000, "no answer within 1000 ms")))
                .isEqualTo(new Verdict(Outcome.DOWN, 1000, "no answer within 1000 ms"));
    }

    @Test
    void withoutBodyPatternAnyBodyWillDo() {
        HealthClassifier statusOnly = new HealthClassifier(204, Optional.empty(), Duration.ofSeconds(2));

        assertThat(statusOnly.classify(new ProbeResult(204, "", 30, null)).outcome()).isEqualTo(Outcome.UP);
    }
}
