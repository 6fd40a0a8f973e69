package dev.proxyfleet.health.probe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.proxyfleet.health.state.Outcome;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class HealthClassifierTest {

    private final HealthClassifier classifier = new HealthClassifier(Optional.of(200), Optional.of("fleet-ok"), Duration.ofMillis(500));

    @Test
    void expectedStatusAndBodyWithinTheBoundIsUp() {
        assertThat(classifier.classify(new ProbeResult(200, "<p>fleet-ok</p>", 120, null)))
                .isEqualTo(new Verdict(Outcome.UP, 120, null));
    }

    @Test
    void successSlowerThanTheDegradedBoundIsDegraded() {
        assertThat(classifier.classify(new ProbeResult(200, "fleet-ok", 501, null)).outcome()).isEqualTo(Outcome.DEGRADED);
        assertThat(classifier.classify(new ProbeResult(200, "fleet-ok", 500, null)).outcome()).isEqualTo(Outcome.UP);
    }

    @Test
    void serverErrorIsDownWithTheStatus() {
        assertThat(classifier.classify(new ProbeResult(503, "fleet-ok", 10, null)))
                .isEqualTo(new Verdict(Outcome.DOWN, 10, "HTTP 503, expected 200"));
    }

    @Test
    void clientErrorFromTheTargetIsDegraded() {
        assertThat(classifier.classify(new ProbeResult(404, "", 10, null)))
                .isEqualTo(new Verdict(Outcome.DEGRADED, 10, "HTTP 404 from the target"));
    }

    @Test
    void unexpectedStatusIsDown() {
        assertThat(classifier.classify(new ProbeResult(302, "fleet-ok", 10, null)).outcome()).isEqualTo(Outcome.DOWN);
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
    void withoutExpectationsAny2xxWillDo() {
        HealthClassifier any2xx = new HealthClassifier(Optional.empty(), Optional.empty(), Duration.ofSeconds(2));

        assertThat(any2xx.classify(new ProbeResult(204, "", 30, null)).outcome()).isEqualTo(Outcome.UP);
        assertThat(any2xx.classify(new ProbeResult(200, "anything", 30, null)).outcome()).isEqualTo(Outcome.UP);
        assertThat(any2xx.classify(new ProbeResult(500, "", 30, null)).error()).isEqualTo("HTTP 500, expected 2xx");
    }
}
