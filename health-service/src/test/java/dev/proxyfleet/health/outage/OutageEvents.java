package dev.proxyfleet.health.outage;

import dev.proxyfleet.contracts.CloudEvent;
import dev.proxyfleet.contracts.EventData;
import dev.proxyfleet.contracts.EventType;
import dev.proxyfleet.contracts.ProviderOutageData;
import dev.proxyfleet.contracts.Topic;
import dev.proxyfleet.localinfra.TopicReader;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Reads {@code provider-health} the way another team's service would, from the moment it is opened. */
final class OutageEvents implements AutoCloseable {

    private final TopicReader reader = new TopicReader(Topic.PROVIDER_HEALTH.topicName());

    /** Waits for the provider's first event of this type and answers its data. */
    ProviderOutageData await(long provider, EventType type) {
        return (ProviderOutageData) await(Long.toString(provider), type);
    }

    /** Waits for the first event of this type under this key and answers its data. */
    EventData await(String key, EventType type) {
        ConsumerRecord<String, byte[]> record = reader.await(r -> r.key().equals(key) && event(r).type() == type, 1,
                Duration.ofSeconds(30)).get(0);
        return event(record).data();
    }

    /** Every event of the provider read so far, in order. */
    List<CloudEvent<EventData>> of(long provider) {
        return reader.seen().stream().filter(r -> r.key().equals(Long.toString(provider))).map(OutageEvents::event)
                .toList();
    }

    private static CloudEvent<EventData> event(ConsumerRecord<String, byte[]> record) {
        return CloudEvent.fromKafka(record.headers(), record.value());
    }

    @Override
    public void close() {
        reader.close();
    }
}
