package dev.proxyfleet.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness of the consumers: DOWN while a channel has been retrying a record through a database outage for longer
 * than {@code fleet.consumer.stalled-after}. Liveness stays UP meanwhile: a restart would not bring the database back,
 * and the retry resumes by itself.
 */
@Readiness
@ApplicationScoped
public class ConsumerStalls implements HealthCheck {

    private final AtomicReference<Instant> since = new AtomicReference<>();
    private final Duration stalledAfter;

    public ConsumerStalls(ConsumerConfig config) {
        this.stalledAfter = config.stalledAfter();
    }

    /** A record could not be applied for a reason outside it; the first of a run starts the clock. */
    void stalled() {
        since.compareAndSet(null, Instant.now());
    }

    /** A record was applied: whatever stalled has passed. */
    void clear() {
        since.set(null);
    }

    @Override
    public HealthCheckResponse call() {
        Instant start = since.get();
        boolean stalled = start != null && start.plus(stalledAfter).isBefore(Instant.now());
        return HealthCheckResponse.named("event consumers").status(!stalled)
                .withData("retrying since", start == null ? "-" : start.toString()).build();
    }
}
