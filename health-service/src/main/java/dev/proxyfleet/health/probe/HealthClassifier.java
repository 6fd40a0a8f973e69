package dev.proxyfleet.health.probe;

import dev.proxyfleet.health.HealthConfig;
import dev.proxyfleet.health.state.Outcome;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Judges a probe. Down: no response (refused, timeout, proxy handshake or TLS failure, proxy authentication), a 5xx or
 * another unexpected status, or a body without the expected text. Degraded: a 4xx from the target (the proxy
 * works, the target refuses it), or a good answer slower than the degraded-latency bound. Otherwise up.
 */
@ApplicationScoped
public class HealthClassifier {

    private final Optional<Integer> expectedStatus;
    private final Optional<Pattern> bodyPattern;
    private final long degradedMs;

    @Inject
    public HealthClassifier(HealthConfig config) {
        this(config.expectedStatus(), config.bodyPattern(), config.degradedLatency());
    }

    /** @param expectedStatus the status a working proxy gets; without it, any 2xx */
    public HealthClassifier(Optional<Integer> expectedStatus, Optional<String> bodyPattern, Duration degradedLatency) {
        this.expectedStatus = expectedStatus;
        this.bodyPattern = bodyPattern.map(Pattern::compile);
        this.degradedMs = degradedLatency.toMillis();
    }

    public Verdict classify(ProbeResult result) {
        Integer status = result.status();
        if (status == null) {
            return verdict(Outcome.DOWN, result, result.error());
        }
        if (status / 100 == 4) {
            return verdict(Outcome.DEGRADED, result, "HTTP " + status + " from the target");
        }
        if (!expectedStatus.map(status::equals).orElse(status / 100 == 2)) {
            return verdict(Outcome.DOWN, result, "HTTP " + status + ", expected " + expectedStatus.map(String::valueOf).orElse("2xx"));
        }
        if (bodyPattern.isPresent() && !bodyPattern.get().matcher(result.body()).find()) {
            return verdict(Outcome.DOWN, result, "body does not contain /" + bodyPattern.get().pattern() + "/");
        }
        return verdict(result.latencyMs() > degradedMs ? Outcome.DEGRADED : Outcome.UP, result, null);
    }

    private static Verdict verdict(Outcome outcome, ProbeResult result, String error) {
        return new Verdict(outcome, result.latencyMs(), error);
    }
}
