package dev.proxyfleet.health.usage;

import dev.proxyfleet.contracts.CloudEvent;
import dev.proxyfleet.contracts.EventData;
import dev.proxyfleet.contracts.Topics;
import dev.proxyfleet.contracts.UsageData;
import dev.proxyfleet.contracts.UsageOutcome;
import dev.proxyfleet.health.schedule.ProbeSchedule;
import dev.proxyfleet.health.state.HealthRecorder;
import dev.proxyfleet.messaging.EventHandler;
import dev.proxyfleet.messaging.EventIntake;
import dev.proxyfleet.messaging.Tx;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Clients' reports of real use ({@code proxy.used} on {@code proxy-usage}) count towards health: consumed on the
 * topic's channel through the {@link EventIntake}, which applies each event once (deduplicated on {@code ce_id}) and
 * dead-letters poison records. A failed use also brings the proxy's next probe forward (a fast re-probe), so a proxy
 * that clients find broken is checked soon rather than at its next interval.
 */
@ApplicationScoped
public class UsageHandler implements EventHandler {

    private final HealthRecorder recorder;
    private final EventIntake intake;
    private final ProbeSchedule schedule;

    public UsageHandler(HealthRecorder recorder, EventIntake intake, ProbeSchedule schedule) {
        this.recorder = recorder;
        this.intake = intake;
        this.schedule = schedule;
    }

    @Incoming(Topics.PROXY_USAGE)
    Uni<Void> proxyUsage(ConsumerRecords<String, byte[]> records) {
        return intake.apply(records, this);
    }

    /**
     * {@code proxy.used} is the only type of its topic; the intake dead-letters any type of another topic. The reports
     * of a batch are recorded set-wise, in order.
     */
    @Override
    public Uni<Void> apply(Tx tx, List<CloudEvent<EventData>> events) {
        List<UsageData> uses = events.stream().map(event -> (UsageData) event.data()).toList();
        for (UsageData use : uses) {
            if (use.outcome() == UsageOutcome.FAILURE) {
                // Only the instance that owns the proxy probes it; the others' schedules ignore it. After the commit,
                // since a batch rolled back comes again.
                tx.afterCommit(() -> schedule.reprobeSoon(use.proxyId()));
            }
        }
        return recorder.recordUsages(tx, uses);
    }
}
