package dev.proxyfleet.assignment.messaging;

import dev.proxyfleet.assignment.engine.AccountLifecycle;
import dev.proxyfleet.assignment.engine.FleetProjection;
import dev.proxyfleet.assignment.engine.Recorder;
import dev.proxyfleet.contracts.AccountData;
import dev.proxyfleet.contracts.AssignmentReason;
import dev.proxyfleet.contracts.CloudEvent;
import dev.proxyfleet.contracts.EgressData;
import dev.proxyfleet.contracts.EventData;
import dev.proxyfleet.contracts.EventType;
import dev.proxyfleet.contracts.ExitIpData;
import dev.proxyfleet.contracts.HealthData;
import dev.proxyfleet.contracts.PoisonEventException;
import dev.proxyfleet.contracts.ProviderOutageData;
import dev.proxyfleet.contracts.ProxyData;
import dev.proxyfleet.contracts.Topics;
import dev.proxyfleet.messaging.EventHandler;
import dev.proxyfleet.messaging.EventIntake;
import dev.proxyfleet.messaging.Tx;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Routes account, inventory, health (exit IPs included) and provider outage events to the engine: one channel per topic, each batch applied through the
 * {@link EventIntake} (one transaction, dedupe, dead letters). {@code proxy.probed} is ignored: every probe repeats
 * the state, only transitions move accounts. What the engine refuses fails the batch: a rule the database refused is
 * retried and then dead-lettered by the intake with the rule as reason.
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

    /** One method for the four channels: each still delivers its own batches, in order, on its own consumer. */
    @Incoming(Topics.ACCOUNT_EVENTS)
    @Incoming(Topics.PROXY_INVENTORY)
    @Incoming(Topics.PROXY_HEALTH)
    @Incoming(Topics.PROVIDER_HEALTH)
    Uni<Void> consume(ConsumerRecords<String, byte[]> records) {
        return intake.apply(records, this);
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
    public Uni<Void> apply(Tx tx, List<CloudEvent<EventData>> events) {
        List<Supplier<Uni<Void>>> steps = new ArrayList<>();
        Map<String, AccountData> run = new LinkedHashMap<>();
        for (CloudEvent<EventData> event : events) {
            if (event.type() == EventType.ACCOUNT_CREATED && !run.containsKey(event.data().key())) {
                run.put(event.data().key(), (AccountData) event.data());
            } else {
                endRun(tx, run, steps);
                steps.add(() -> apply(tx, event));
            }
        }
        endRun(tx, run, steps);
        return Tx.each(steps, Supplier::get);
    }

    private void endRun(Tx tx, Map<String, AccountData> run, List<Supplier<Uni<Void>>> steps) {
        if (!run.isEmpty()) {
            List<AccountData> created = List.copyOf(run.values());
            steps.add(() -> accounts.created(tx, created.stream().map(FleetEventHandler::withModel).toList()));
            run.clear();
        }
    }

    private Uni<Void> apply(Tx tx, CloudEvent<EventData> event) {
        return switch (event.type()) {
            case ACCOUNT_CREATED -> accounts.created(tx, List.of(withModel((AccountData) event.data())));
            case ACCOUNT_UPDATED -> accounts.updated(tx, withModel((AccountData) event.data()));
            case ACCOUNT_DELETED -> accounts.ended(tx, accountId(event), AssignmentReason.ACCOUNT_DELETED, Recorder.SYSTEM);
            case ACCOUNT_INVALIDATED -> accounts.ended(tx, accountId(event), AssignmentReason.ACCOUNT_INVALID, Recorder.SYSTEM);
            case ACCOUNT_REACTIVATED -> accounts.reactivated(tx, (AccountData) event.data());
            case PROXY_CREATED, PROXY_UPDATED -> fleet.proxyChanged(tx, (ProxyData) event.data(), false);
            case PROXY_DELETED -> fleet.proxyChanged(tx, (ProxyData) event.data(), true);
            case PROXY_HEALTH_CHANGED -> fleet.healthChanged(tx, (HealthData) event.data());
            case PROXY_EXIT_IP_CHANGED -> exitIpRead(tx, (ExitIpData) event.data());
            case PROVIDER_OUTAGE_STARTED -> fleet.outageChanged(tx, (ProviderOutageData) event.data(), true);
            case PROVIDER_OUTAGE_ENDED -> fleet.outageChanged(tx, (ProviderOutageData) event.data(), false);
            case EGRESS_DOWN -> fleet.egressChanged(tx, (EgressData) event.data(), true);
            case EGRESS_RESTORED -> fleet.egressChanged(tx, (EgressData) event.data(), false);
            default -> throw new PoisonEventException(event.type().ceType() + " is not expected on these topics");
        };
    }

    private Uni<Void> exitIpRead(Tx tx, ExitIpData change) {
        return fleet.exitIpRead(tx, change.proxyId(), change.exitIp());
    }

    /** The account of an {@code account.created} or {@code account.updated}, which must name its model. */
    private static AccountData withModel(AccountData data) {
        if (data.modelId() == null || data.modelId().isBlank()) {
            throw new PoisonEventException("missing field 'modelId'");
        }
        return data;
    }

    private static String accountId(CloudEvent<EventData> event) {
        return ((AccountData) event.data()).accountId();
    }
}
