package dev.proxyfleet.status.model;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Not ready until the in-memory model holds the whole fleet: a restarted replica would otherwise answer
 * {@code /api/status} with an empty fleet and best-proxy selection with "none" (or "direct") until the load ends.
 */
@Readiness
@ApplicationScoped
public class ModelReadiness implements HealthCheck {

    private final FleetModel model;

    public ModelReadiness(FleetModel model) {
        this.model = model;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("status model").status(model.loaded())
                .withData("proxies", model.snapshot().proxies().size()).build();
    }
}
