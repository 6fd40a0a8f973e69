package dev.proxyfleet.assignment.messaging;

import dev.proxyfleet.assignment.engine.AssignmentSettings;
import dev.proxyfleet.contracts.PoisonEventException;
import dev.proxyfleet.contracts.Topics;
import dev.proxyfleet.messaging.DeadLetters;
import dev.proxyfleet.messaging.SettingsFeed;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * {@code fleet-settings}, read whole by every replica (its one partition assigned, from the beginning, never
 * committed), since each replica places accounts by the settings it holds: each newer {@code settings.changed} goes to
 * {@link AssignmentSettings}. A poison record is dead-lettered (once per replica start, as nothing records that it
 * was) and changes nothing.
 */
@ApplicationScoped
public class SettingsChannel {

    private final SettingsFeed feed;
    private final AssignmentSettings settings;
    private final DeadLetters deadLetters;

    public SettingsChannel(SettingsFeed feed, AssignmentSettings settings, DeadLetters deadLetters) {
        this.feed = feed;
        this.settings = settings;
        this.deadLetters = deadLetters;
    }

    @Incoming(Topics.FLEET_SETTINGS)
    Uni<Void> consume(ConsumerRecord<String, byte[]> record) {
        try {
            feed.newer(record).ifPresent(changed -> {
                settings.apply(changed);
                Log.infof("Assignment settings of version %d now: exit-IP change moves accounts %s", changed.version(),
                        settings.exitIpChangeMovesAccounts());
            });
            return Uni.createFrom().voidItem();
        } catch (PoisonEventException e) {
            return deadLetters.send(record, e.getMessage());
        }
    }
}
