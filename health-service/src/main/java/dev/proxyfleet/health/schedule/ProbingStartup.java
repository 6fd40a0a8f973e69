package dev.proxyfleet.health.schedule;

import dev.proxyfleet.health.HealthConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Joins the owners' group with the application, so this instance probes its share of the fleet, and leaves on stop. */
@ApplicationScoped
public class ProbingStartup {

    private InventoryOwnership ownership;

    void start(@Observes StartupEvent event, HealthConfig config, ProbeSchedule schedule, InventoryDeadLetters deadLetters,
            @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers) {
        if (config.probingEnabled()) {
            ownership = new InventoryOwnership(bootstrapServers, config.ownerGroupId(), schedule, deadLetters);
            ownership.start();
        }
    }

    void stop(@Observes ShutdownEvent event) {
        if (ownership != null) {
            ownership.close();
        }
    }
}
