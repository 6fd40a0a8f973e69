package dev.proxyfleet.status.projection;

import dev.proxyfleet.contracts.AssignmentData;
import dev.proxyfleet.contracts.CloudEvent;
import dev.proxyfleet.contracts.EventData;
import dev.proxyfleet.contracts.HealthData;
import dev.proxyfleet.contracts.PoisonEventException;
import dev.proxyfleet.contracts.ProviderData;
import dev.proxyfleet.contracts.ProxyData;
import dev.proxyfleet.contracts.Topic;
import dev.proxyfleet.contracts.Topics;
import dev.proxyfleet.messaging.EventHandler;
import dev.proxyfleet.messaging.EventIntake;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Routes inventory, assignment and health events into the read model: one channel per topic, each batch applied
 * through the {@link EventIntake}.
 */
@ApplicationScoped
public class StatusEventHandler implements EventHandler {

    /** The topics the read model is built from. */
    public static final List<Topic> TOPICS =
            List.of(Topic.PROXY_INVENTORY, Topic.PROVIDER_INVENTORY, Topic.ASSIGNMENT_EVENTS, Topic.PROXY_HEALTH);

    private final ReadModelWriter writer;
    private final EventIntake intake;

    public StatusEventHandler(ReadModelWriter writer, EventIntake intake) {
        this.writer = writer;
        this.intake = intake;
    }

    /** One method for the four channels: each still delivers its own batches, in order, on its own consumer. */
    @Incoming(Topics.PROXY_INVENTORY)
    @Incoming(Topics.PROVIDER_INVENTORY)
    @Incoming(Topics.ASSIGNMENT_EVENTS)
    @Incoming(Topics.PROXY_HEALTH)
    @Blocking
    void consume(ConsumerRecords<String, byte[]> records) {
        intake.apply(records, this);
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
