package dev.proxyfleet.health.usage;

import dev.proxyfleet.contracts.CloudEvent;
import dev.proxyfleet.contracts.EventData;
import dev.proxyfleet.contracts.Topics;
import dev.proxyfleet.contracts.UsageData;
import dev.proxyfleet.health.state.HealthRecorder;
import dev.proxyfleet.messaging.EventHandler;
import dev.proxyfleet.messaging.EventIntake;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Clients' reports of real use ({@code proxy.used} on {@code proxy-usage}) count towards health: consumed on the
 * topic's channel through the {@link EventIntake}, which applies each event once (deduplicated on {@code ce_id}) and
 * dead-letters poison records.
 */
@ApplicationScoped
public class UsageHandler implements EventHandler {

    private final HealthRecorder recorder;
    private final EventIntake intake;

    public UsageHandler(HealthRecorder recorder, EventIntake intake) {
        this.recorder = recorder;
        this.intake = intake;
    }

    @Incoming(Topics.PROXY_USAGE)
    @Blocking
    void proxyUsage(ConsumerRecords<String, byte[]> records) {
        intake.apply(records, this);
    }

    /** {@code proxy.used} is the only type of its topic; the intake dead-letters any type of another topic. */
    @Override
    public void handle(CloudEvent<EventData> event) {
        recorder.recordUsage((UsageData) event.data());
    }
}
