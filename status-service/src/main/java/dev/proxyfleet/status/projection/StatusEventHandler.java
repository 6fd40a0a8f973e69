package dev.proxyfleet.status.projection;

import dev.proxyfleet.contracts.ApiKeyData;
import dev.proxyfleet.contracts.AssignmentStateData;
import dev.proxyfleet.contracts.CloudEvent;
import dev.proxyfleet.contracts.EventData;
import dev.proxyfleet.contracts.HealthStateData;
import dev.proxyfleet.contracts.PoisonEventException;
import dev.proxyfleet.contracts.ProviderData;
import dev.proxyfleet.contracts.EgressData;
import dev.proxyfleet.contracts.ProviderOutageData;
import dev.proxyfleet.contracts.ProxyData;
import dev.proxyfleet.contracts.Topic;
import dev.proxyfleet.contracts.Topics;
import dev.proxyfleet.contracts.UsageData;
import dev.proxyfleet.messaging.EventHandler;
import dev.proxyfleet.messaging.EventIntake;
import dev.proxyfleet.messaging.Tx;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Routes the compacted topics (inventory, API keys, the states of assignments and health, providers' outages) and
 * the clients' usage reports into the read model: one channel per topic, each batch applied through the
 * {@link EventIntake}. Compacted topics rather than histories, live as when rebuilding into an empty database: a
 * rebuild after the retention of {@code assignment-events} and {@code proxy-health} reads what the live model read
 * (their histories would add nothing the states do not say, and are gone by then). {@code proxy-usage} has no state
 * topic: its counts are of the reports the model has read, and a rebuild counts only those still retained. A batch's
 * transaction ends by notifying what it changed ({@link TouchedProxies}):
 * at its commit every replica's in-memory model, this one's too, reads that again; a batch rolled back changes
 * nothing there either.
 */
@ApplicationScoped
public class StatusEventHandler implements EventHandler {

    /** The topics the read model is built from. */
    public static final List<Topic> TOPICS = List.of(Topic.PROXY_INVENTORY, Topic.PROVIDER_INVENTORY,
            Topic.ASSIGNMENT_STATE, Topic.PROXY_HEALTH_STATE, Topic.API_KEYS, Topic.PROVIDER_HEALTH, Topic.PROXY_USAGE);

    private final EventIntake intake;

    public StatusEventHandler(EventIntake intake) {
        this.intake = intake;
    }

    /** One method for the seven channels: each still delivers its own batches, in order, on its own consumer. */
    @Incoming(Topics.PROXY_INVENTORY)
    @Incoming(Topics.PROVIDER_INVENTORY)
    @Incoming(Topics.ASSIGNMENT_STATE)
    @Incoming(Topics.PROXY_HEALTH_STATE)
    @Incoming(Topics.API_KEYS)
    @Incoming(Topics.PROVIDER_HEALTH)
    @Incoming(Topics.PROXY_USAGE)
    Uni<Void> consume(ConsumerRecords<String, byte[]> records) {
        return intake.apply(records, this);
    }

    @Override
    public Uni<Void> apply(Tx tx, List<CloudEvent<EventData>> events) {
        TouchedProxies touched = new TouchedProxies();
        ReadModelWriter writer = new ReadModelWriter(tx.connection(), touched);
        return Tx.each(events, event -> apply(writer, event)).chain(() -> touched.announce(tx.connection()));
    }

    private static Uni<Void> apply(ReadModelWriter writer, CloudEvent<EventData> event) {
        return switch (event.type()) {
            case PROXY_CREATED, PROXY_UPDATED -> writer.proxy((ProxyData) event.data(), false);
            case PROXY_DELETED -> writer.proxy((ProxyData) event.data(), true);
            case PROVIDER_CREATED, PROVIDER_UPDATED -> writer.provider((ProviderData) event.data(), false);
            case PROVIDER_DELETED -> writer.provider((ProviderData) event.data(), true);
            case PROXY_HEALTH_STATE -> writer.health((HealthStateData) event.data());
            case ASSIGNMENT_STATE -> writer.placed((AssignmentStateData) event.data());
            case ASSIGNMENT_ENDED -> writer.ended((AssignmentStateData) event.data());
            case KEY_CREATED, KEY_UPDATED -> writer.apiKey((ApiKeyData) event.data(), false);
            case KEY_DELETED -> writer.apiKey((ApiKeyData) event.data(), true);
            case PROVIDER_OUTAGE_STARTED -> writer.outage((ProviderOutageData) event.data(), true);
            case PROVIDER_OUTAGE_ENDED -> writer.outage((ProviderOutageData) event.data(), false);
            case EGRESS_DOWN -> writer.egress((EgressData) event.data(), true);
            case EGRESS_RESTORED -> writer.egress((EgressData) event.data(), false);
            case PROXY_USED -> writer.used((UsageData) event.data());
            default -> Uni.createFrom().failure(
                    new PoisonEventException(event.type().ceType() + " is not expected on these topics"));
        };
    }
}
