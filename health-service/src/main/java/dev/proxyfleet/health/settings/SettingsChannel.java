package dev.proxyfleet.health.settings;

import dev.proxyfleet.contracts.PoisonEventException;
import dev.proxyfleet.contracts.Topics;
import dev.proxyfleet.health.HealthConfig;
import dev.proxyfleet.health.schedule.PoisonRecords;
import dev.proxyfleet.messaging.SettingsFeed;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * {@code fleet-settings}, read whole by every replica (its one partition assigned, from the beginning, never
 * committed): each newer {@code settings.changed} is applied over the start-up settings and fired as
 * {@link ProbeSettings}. A poison record is dead-lettered and changes nothing.
 */
@ApplicationScoped
public class SettingsChannel {

    private final SettingsFeed feed;
    private final PoisonRecords poison;
    private final Event<ProbeSettings> applied;
    private final ProbeSettings startUp;

    public SettingsChannel(SettingsFeed feed, PoisonRecords poison, Event<ProbeSettings> applied, HealthConfig config) {
        this.feed = feed;
        this.poison = poison;
        this.applied = applied;
        this.startUp = ProbeSettings.startUp(config);
    }

    @Incoming(Topics.FLEET_SETTINGS)
    Uni<Void> consume(ConsumerRecord<String, byte[]> record) {
        try {
            feed.newer(record).map(startUp::with).ifPresent(settings -> {
                Log.infof("Probe settings now %s", settings);
                applied.fire(settings);
            });
            return Uni.createFrom().voidItem();
        } catch (PoisonEventException e) {
            return poison.reject(record, e.getMessage());
        }
    }
}
