package dev.proxyfleet.health.schedule;

import dev.proxyfleet.health.HealthConfig;
import dev.proxyfleet.messaging.KafkaConnection;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/** Joins the owners' group with the application, so this instance probes its share of the fleet, and leaves on stop. */
@ApplicationScoped
public class ProbingStartup {

    private InventoryOwnership ownership;

    void start(@Observes StartupEvent event, HealthConfig config, ProbeSchedule schedule, InventoryDeadLetters deadLetters,
            KafkaConnection kafka) {
        if (config.probingEnabled()) {
            ownership = new InventoryOwnership(kafka, config.ownerGroupId(), schedule, deadLetters);
            ownership.start();
        }
    }

    void stop(@Observes ShutdownEvent event) {
        if (ownership != null) {
            ownership.close();
        }
    }
}
