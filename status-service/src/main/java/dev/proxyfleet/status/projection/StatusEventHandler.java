package dev.proxyfleet.status.projection;

import dev.proxyfleet.contracts.AssignmentData;
import dev.proxyfleet.contracts.CloudEvent;
import dev.proxyfleet.contracts.EventData;
import dev.proxyfleet.contracts.HealthData;
import dev.proxyfleet.contracts.PoisonEventException;
import dev.proxyfleet.contracts.ProviderData;
import dev.proxyfleet.contracts.ProxyData;
import dev.proxyfleet.contracts.Topic;
import dev.proxyfleet.messaging.ConsumerConfig;
import dev.proxyfleet.messaging.EventConsumers;
import dev.proxyfleet.messaging.EventHandler;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;

/** Routes inventory, assignment and health events into the read model; starts the consumers with the application. */
@ApplicationScoped
public class StatusEventHandler implements EventHandler {

    /** The topics the read model is built from. */
    public static final List<Topic> TOPICS =
            List.of(Topic.PROXY_INVENTORY, Topic.PROVIDER_INVENTORY, Topic.ASSIGNMENT_EVENTS, Topic.PROXY_HEALTH);

    private final ReadModelWriter writer;

    public StatusEventHandler(ReadModelWriter writer) {
        this.writer = writer;
    }

    /** Runs after the in-memory model was loaded from PostgreSQL. */
    void start(@Observes @Priority(2000) StartupEvent event, EventConsumers consumers, ConsumerConfig config) {
        if (config.enabled()) {
            consumers.start(TOPICS, this);
        }
    }

    @Override
    public void handle(CloudEvent<EventData> event) {
        switch (event.type()) {
            case PROXY_CREATED, PROXY_UPDATED -> writer.proxy((ProxyData) event.data(), false);
            case PROXY_DELETED -> writer.proxy((ProxyData) event.data(), true);
            case PROVIDER_CREATED, PROVIDER_UPDATED -> writer.provider((ProviderData) event.data(), false);
            case PROVIDER_DELETED -> writer.provider((ProviderData) event.data(), true);
            case PROXY_HEALTH_CHANGED, PROXY_PROBED -> writer.health((HealthData) event.data());
            case ASSIGNMENT_ASSIGNED, ASSIGNMENT_REASSIGNED, ASSIGNMENT_PENDING -> writer.placed((AssignmentData) event.data());
            case ASSIGNMENT_RELEASED -> writer.released((AssignmentData) event.data());
            default -> throw new PoisonEventException(event.type().ceType() + " is not expected on these topics");
        }
    }
}
