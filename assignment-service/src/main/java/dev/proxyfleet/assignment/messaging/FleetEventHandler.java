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
import dev.proxyfleet.contracts.Topics;
import dev.proxyfleet.messaging.EventHandler;
import dev.proxyfleet.messaging.EventIntake;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Routes account, inventory and health events to the engine: one channel per topic, each batch applied through the
 * {@link EventIntake} (one transaction, dedupe, dead letters). {@code proxy.probed} is ignored: every probe repeats
 * the state, only transitions move accounts.
 */
@ApplicationScoped
public class FleetEventHandler implements EventHandler {

    private final AccountLifecycle accounts;
    private final FleetProjection fleet;
    private final EventIntake intake;

    public FleetEventHandler(AccountLifecycle accounts, FleetProjection fleet, EventIntake intake) {
        this.accounts = accounts;
        this.fleet = fleet;
        this.intake = intake;
    }

    /** One method for the three channels: each still delivers its own batches, in order, on its own consumer. */
    @Incoming(Topics.ACCOUNT_EVENTS)
    @Incoming(Topics.PROXY_INVENTORY)
    @Incoming(Topics.PROXY_HEALTH)
    @Blocking
    void consume(ConsumerRecords<String, byte[]> records) {
        intake.apply(records, this);
    }

    @Override
    public boolean ignores(EventType type) {
        return type == EventType.PROXY_PROBED;
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
            default -> throw new PoisonEventException(event.type().ceType() + " is not expected on these topics");
        }
    }

    private static String accountId(CloudEvent<EventData> event) {
        return ((AccountData) event.data()).accountId();
    }
}
