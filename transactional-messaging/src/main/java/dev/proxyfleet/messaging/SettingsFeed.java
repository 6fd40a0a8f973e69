package dev.proxyfleet.messaging;

import dev.proxyfleet.contracts.CloudEvent;
import dev.proxyfleet.contracts.EventData;
import dev.proxyfleet.contracts.EventType;
import dev.proxyfleet.contracts.PoisonEventException;
import dev.proxyfleet.contracts.SettingsData;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The newest fleet settings this replica has read from {@code fleet-settings}. Every replica of a service that applies
 * them reads the whole topic itself, from the beginning, so each ends on the same latest record; a record that is not
 * newer than the one applied (read again, or overtaken) changes nothing.
 */
@ApplicationScoped
public class SettingsFeed {

    private final AtomicReference<SettingsData> latest = new AtomicReference<>();

    /**
     * The settings of this record when they are newer than the latest read; empty for an older one.
     *
     * @throws PoisonEventException when the record is not a valid {@code settings.changed}: dead-letter it
     */
    public Optional<SettingsData> newer(ConsumerRecord<String, byte[]> record) {
        CloudEvent<EventData> event = CloudEvent.fromKafka(record.headers(), record.value());
        if (event.type() != EventType.SETTINGS_CHANGED) {
            throw new PoisonEventException("'" + event.type().ceType() + "' does not belong to " + record.topic());
        }
        SettingsData read = (SettingsData) event.data();
        SettingsData before = latest.getAndUpdate(current ->
                current == null || read.version() > current.version() ? read : current);
        return before == null || read.version() > before.version() ? Optional.of(read) : Optional.empty();
    }
}
