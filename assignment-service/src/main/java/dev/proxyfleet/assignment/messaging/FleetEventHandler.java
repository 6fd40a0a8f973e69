package dev.proxyfleet.assignment.messaging;

import dev.proxyfleet.assignment.engine.AccountLifecycle;
import dev.proxyfleet.assignment.engine.FleetProjection;
import dev.proxyfleet.assignment.engine.Recorder;
import dev.proxyfleet.contracts.AccountData;
import dev.proxyfleet.contracts.AssignmentReason;
import dev.proxyfleet.contracts.CloudEvent;
import dev.proxyfleet.contracts.EventData;
import dev.proxyfleet.contracts.HealthData;
import dev.proxyfleet.contracts.PoisonEventException;
import dev.proxyfleet.contracts.ProxyData;
import dev.proxyfleet.contracts.Topic;
import dev.proxyfleet.messaging.EventConsumers;
import dev.proxyfleet.messaging.EventHandler;
import dev.proxyfleet.messaging.ConsumerConfig;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;

/** Routes account, inventory and health events to the engine; starts the consumers with the application. */
@ApplicationScoped
public class FleetEventHandler implements EventHandler {

    /** The topics this service consumes. */
    public static final List<Topic> TOPICS = List.of(Topic.ACCOUNT_EVENTS, Topic.PROXY_INVENTORY, Topic.PROXY_HEALTH);

    private final AccountLifecycle accounts;
    private final FleetProjection fleet;

    public FleetEventHandler(AccountLifecycle accounts, FleetProjection fleet) {
        this.accounts = accounts;
        this.fleet = fleet;
    }

    void start(@Observes StartupEvent event, EventConsumers consumers, ConsumerConfig config) {
        if (config.enabled()) {
            consumers.start(TOPICS, this);
        }
    }

    @Override
    public void handle(CloudEvent<EventData> event) {
        switch (event.type()) {
            case ACCOUNT_CREATED -> accounts.created((AccountData) event.data());
            case ACCOUNT_UPDATED -> accounts.updated((AccountData) event.data());
            case ACCOUNT_DELETED -> accounts.ended(accountId(event), AssignmentReason.ACCOUNT_DELETED, Recorder.SYSTEM);
            case ACCOUNT_INVALIDATED -> accounts.ended(accountId(event), AssignmentReason.ACCOUNT_INVALID, Recorder.SYSTEM);
            case ACCOUNT_REACTIVATED -> accounts.reactivated((AccountData) event.data());
            case PROXY_CREATED, PROXY_UPDATED -> fleet.proxyChanged((ProxyData) event.data(), false);
            case PROXY_DELETED -> fleet.proxyChanged((ProxyData) event.data(), true);
            case PROXY_HEALTH_CHANGED -> fleet.healthChanged((HealthData) event.data());
            case PROXY_PROBED -> {
                // Every probe repeats the state; only transitions move accounts.
            }
            default -> throw new PoisonEventException(event.type().ceType() + " is not expected on these topics");
        }
    }

    private static String accountId(CloudEvent<EventData> event) {
        return ((AccountData) event.data()).accountId();
    }
}
