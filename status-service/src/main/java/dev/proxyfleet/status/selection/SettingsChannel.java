package dev.proxyfleet.status.selection;

import dev.proxyfleet.contracts.PoisonEventException;
import dev.proxyfleet.contracts.Topics;
import dev.proxyfleet.messaging.DeadLetters;
import dev.proxyfleet.messaging.SettingsFeed;
import dev.proxyfleet.status.model.FleetModel;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * {@code fleet-settings}, read whole by every replica (its one partition assigned, from the beginning, never
 * committed): each newer {@code settings.changed} goes to {@link SelectionSettings}, and the model judges its overall
 * state again. A poison record is dead-lettered
 * (once per replica start, as nothing records that it was) and changes nothing.
 */
@ApplicationScoped
public class SettingsChannel {

    private final SettingsFeed feed;
    private final SelectionSettings settings;
    private final DeadLetters deadLetters;
    private final FleetModel model;

    public SettingsChannel(SettingsFeed feed, SelectionSettings settings, DeadLetters deadLetters, FleetModel model) {
        this.feed = feed;
        this.settings = settings;
        this.deadLetters = deadLetters;
        this.model = model;
    }

    /** The model judges by the environment's settings until an operator's are read. */
    void start(@Observes StartupEvent event) {
        model.switched(settings.switches());
    }

    @Incoming(Topics.FLEET_SETTINGS)
    Uni<Void> consume(ConsumerRecord<String, byte[]> record) {
        try {
            feed.newer(record).ifPresent(changed -> {
                settings.apply(changed);
                Log.infof("Selection settings now: proxy system enabled %s, fallback to direct %s, minimum score %d,"
                        + " default strategy %s", settings.proxySystemEnabled(), settings.fallbackToDirect(),
                        settings.minScore(), settings.defaultStrategy());
                model.switched(settings.switches());
            });
            return Uni.createFrom().voidItem();
        } catch (PoisonEventException e) {
            return deadLetters.send(record, e.getMessage());
        }
    }
}
