package dev.proxyfleet.inventory.proxy;

import dev.proxyfleet.contracts.CloudEvent;
import dev.proxyfleet.contracts.EventData;
import dev.proxyfleet.contracts.EventType;
import dev.proxyfleet.contracts.HealthData;
import dev.proxyfleet.contracts.HealthState;
import dev.proxyfleet.contracts.PoisonEventException;
import dev.proxyfleet.contracts.Topics;
import dev.proxyfleet.messaging.DeadLetters;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * {@code proxy-health}, for auto-disable: each {@code proxy.health-changed} to {@code failed} goes to
 * {@link ProxyService#autoDisable}, which acts only when the setting is on, but for a fall during its provider's
 * outage ({@code providerOutage}). Applying one twice changes nothing, so
 * redelivery needs no record of what was applied; a database outage is waited out (the partition waits with it), a
 * poison record is dead-lettered.
 */
@ApplicationScoped
public class AutoDisableChannel {

    private static final Duration FIRST_RETRY = Duration.ofSeconds(1);
    private static final Duration LAST_RETRY = Duration.ofSeconds(30);

    private final ProxyService proxies;
    private final DeadLetters deadLetters;

    public AutoDisableChannel(ProxyService proxies, DeadLetters deadLetters) {
        this.proxies = proxies;
        this.deadLetters = deadLetters;
    }

    @Incoming(Topics.PROXY_HEALTH)
    Uni<Void> consume(ConsumerRecord<String, byte[]> record) {
        if (record.value() == null) {
            return Uni.createFrom().voidItem();
        }
        CloudEvent<EventData> event;
        try {
            event = CloudEvent.fromKafka(record.headers(), record.value());
        } catch (PoisonEventException e) {
            return deadLetters.send(record, e.getMessage());
        }
        if (event.type() != EventType.PROXY_HEALTH_CHANGED || ((HealthData) event.data()).to() != HealthState.FAILED) {
            return Uni.createFrom().voidItem();
        }
        HealthData failed = (HealthData) event.data();
        if (failed.providerOutage()) {
            // its provider is down, not the proxy: disabling would move its accounts, which the outage keeps
            return Uni.createFrom().voidItem();
        }
        return proxies.autoDisable(failed.proxyId(), failed.at())
                .onFailure().invoke(e -> Log.warnf("Auto-disable of proxy %d waits for the database: %s",
                        failed.proxyId(), e.getMessage()))
                .onFailure().retry().withBackOff(FIRST_RETRY, LAST_RETRY).indefinitely();
    }
}
