package dev.proxyfleet.assignment.messaging;

import dev.proxyfleet.assignment.engine.AccountLifecycle;
import dev.proxyfleet.assignment.engine.FleetProjection;
import dev.proxyfleet.assignment.engine.Recorder;
import dev.proxyfleet.contracts.AccountData;
import dev.proxyfleet.contracts.AssignmentReason;
import dev.proxyfleet.contracts.CloudEvent;
import dev.proxyfleet.contracts.EventData;
import dev.proxyfleet.contracts.EventType;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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

    /**
     * Runs of {@code account.created} for distinct accounts are placed set-wise; any other event, or a second event
     * for an account of the run, ends the run first, so each account's events keep their order.
     */
    @Override
    public void handleAll(List<CloudEvent<EventData>> events) {
        Map<String, AccountData> run = new LinkedHashMap<>();
        for (CloudEvent<EventData> event : events) {
            if (event.type() == EventType.ACCOUNT_CREATED && !run.containsKey(event.data().key())) {
                run.put(event.data().key(), (AccountData) event.data());
            } else {
                flush(run);
                handle(event);
            }
        }
        flush(run);
    }

    private void flush(Map<String, AccountData> run) {
        if (!run.isEmpty()) {
            accounts.created(List.copyOf(run.values()));
            run.clear();
        }
    }

    @Override
    public void handle(CloudEvent<EventData> event) {
        switch (event.type()) {
            case ACCOUNT_CREATED -> accounts.created(List.of((AccountData) event.data()));
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
