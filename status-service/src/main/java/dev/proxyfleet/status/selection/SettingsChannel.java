package dev.proxyfleet.status.selection;

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
 * committed): each newer {@code settings.changed} goes to {@link SelectionSettings}. A poison record is dead-lettered
 * (once per replica start, as nothing records that it was) and changes nothing.
 */
@ApplicationScoped
public class SettingsChannel {

    private final SettingsFeed feed;
    private final SelectionSettings settings;
    private final DeadLetters deadLetters;

    public SettingsChannel(SettingsFeed feed, SelectionSettings settings, DeadLetters deadLetters) {
        this.feed = feed;
        this.settings = settings;
        this.deadLetters = deadLetters;
    }

    @Incoming(Topics.FLEET_SETTINGS)
    Uni<Void> consume(ConsumerRecord<String, byte[]> record) {
        try {
            feed.newer(record).ifPresent(changed -> {
                settings.apply(changed);
                Log.infof("Selection settings now: proxy system enabled %s, fallback to direct %s, minimum score %d,"
                        + " default strategy %s", settings.proxySystemEnabled(), settings.fallbackToDirect(),
                        settings.minScore(), settings.defaultStrategy());
            });
            return Uni.createFrom().voidItem();
        } catch (PoisonEventException e) {
            return deadLetters.send(record, e.getMessage());
        }
    }
}
