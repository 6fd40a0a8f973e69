package dev.proxyfleet.health.probe;

import dev.proxyfleet.health.HealthConfig;
import dev.proxyfleet.health.state.Outcome;
import io.quarkus.logging.Log;
import io.vertx.core.Future;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/**
 * Reads the address a proxy's traffic leaves through: fetches the exit-IP target ({@code health.exit-ip-url}), which
 * answers with its caller's address, through the proxy the way a probe fetches its target ({@link Prober#fetch}: the
 * same client, proxy handshake, address policy and timeout). It runs after a probe that found the proxy working, so a
 * failed proxy costs no second request; a check that fails or is answered with anything but an address reads nothing,
 * which leaves the proxy's health as its probe judged it and its last known exit IP as it was. Off without a URL.
 */
@ApplicationScoped
public class ExitIpCheck {

    private final Prober prober;
    private final Optional<String> url;
    private final ExitIpFormat format;

    public ExitIpCheck(Prober prober, HealthConfig config) {
        this.prober = prober;
        this.url = config.exitIpUrl();
        this.format = ExitIpFormat.of(config.exitIpFormat());
    }

    /** Whether a probe judged {@code verdict} is followed by a check: the check is on, and the proxy is not down. */
    public boolean follows(Verdict verdict) {
        return url.isPresent() && verdict.outcome() != Outcome.DOWN;
    }

    /**
     * Reads the proxy's exit IP (call only when {@link #follows} a probe); always succeeds, with null when no address
     * could be read.
     */
    public Future<String> read(ProbeTarget target) {
        return prober.fetch(target, url.get()).map(answer -> {
            Optional<String> address = answer.status() != null && answer.status() / 100 == 2
                    ? format.read(answer.body()) : Optional.empty();
            if (address.isEmpty()) {
                // The error text has no credentials (ProbeFailure); the URL may, so it is not logged.
                Log.debugf("Exit IP of proxy %d not read: %s", target.id(),
                        answer.error() != null ? answer.error() : "HTTP " + answer.status() + ", no address in the answer");
            }
            return address.orElse(null);
        });
    }
}
