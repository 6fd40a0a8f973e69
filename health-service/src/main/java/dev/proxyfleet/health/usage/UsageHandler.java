package dev.proxyfleet.health.usage;

import dev.proxyfleet.contracts.CloudEvent;
import dev.proxyfleet.contracts.EventData;
import dev.proxyfleet.contracts.EventType;
import dev.proxyfleet.contracts.PoisonEventException;
import dev.proxyfleet.contracts.Topic;
import dev.proxyfleet.contracts.UsageData;
import dev.proxyfleet.health.state.HealthRecorder;
import dev.proxyfleet.messaging.ConsumerConfig;
import dev.proxyfleet.messaging.EventConsumers;
import dev.proxyfleet.messaging.EventHandler;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;

/**
 * Clients' reports of real use ({@code proxy.used} on {@code proxy-usage}) count towards health: started with the
 * application on the shared consumers, which apply each event once (deduplicated on {@code ce_id}) and dead-letter
 * poison records.
 */
@ApplicationScoped
public class UsageHandler implements EventHandler {

    private final HealthRecorder recorder;

    public UsageHandler(HealthRecorder recorder) {
        this.recorder = recorder;
    }

    void start(@Observes StartupEvent event, EventConsumers consumers, ConsumerConfig config) {
        if (config.enabled()) {
            consumers.start(List.of(Topic.PROXY_USAGE), this);
        }
    }

    @Override
    public void handle(CloudEvent<EventData> event) {
        if (event.type() != EventType.PROXY_USED) {
            throw new PoisonEventException(event.type().ceType() + " is not expected on " + Topic.PROXY_USAGE.topicName());
        }
        recorder.recordUsage((UsageData) event.data());
    }
}
