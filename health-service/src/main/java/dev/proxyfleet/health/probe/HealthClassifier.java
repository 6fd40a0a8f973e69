package dev.proxyfleet.health.probe;

import dev.proxyfleet.health.HealthConfig;
import dev.proxyfleet.health.state.Outcome;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Judges a probe: down without a response, with another status than expected, or without the expected body text;
 * otherwise up, or slow when it took longer than the degraded-latency bound.
 */
@ApplicationScoped
public class HealthClassifier {

    private final int expectedStatus;
    private final Optional<Pattern> bodyPattern;
    private final long degradedMs;

    @Inject
    public HealthClassifier(HealthConfig config) {
        this(config.expectedStatus(), config.bodyPattern(), config.degradedLatency());
    }

    public HealthClassifier(int expectedStatus, Optional<String> bodyPattern, Duration degradedLatency) {
        this.expectedStatus = expectedStatus;
        this.bodyPattern = bodyPattern.map(Pattern::compile);
        this.degradedMs = degradedLatency.toMillis();
    }

    public Verdict classify(ProbeResult result) {
        if (result.status() == null) {
            return down(result, result.error());
        }
        if (result.status() != expectedStatus) {
            return down(result, "HTTP " + result.status() + ", expected " + expectedStatus);
        }
        if (bodyPattern.isPresent() && !bodyPattern.get().matcher(result.body()).find()) {
            return down(result, "body does not contain /" + bodyPattern.get().pattern() + "/");
        }
        Outcome outcome = result.latencyMs() > degradedMs ? Outcome.SLOW : Outcome.UP;
        return new Verdict(outcome, result.latencyMs(), null);
    }

    private static Verdict down(ProbeResult result, String error) {
        return new Verdict(Outcome.DOWN, result.latencyMs(), error);
    }
}
