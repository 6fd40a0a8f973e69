package dev.proxyfleet.health;

import dev.proxyfleet.contracts.CloudEvent;
import dev.proxyfleet.contracts.EventData;
import dev.proxyfleet.contracts.EventType;
import dev.proxyfleet.contracts.ExitIpData;
import dev.proxyfleet.contracts.HealthData;
import dev.proxyfleet.contracts.HealthState;
import dev.proxyfleet.contracts.Topic;
import dev.proxyfleet.localinfra.TopicReader;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Reads {@code proxy-health} the way another team's service would, from the moment it is opened. */
public final class HealthEvents implements AutoCloseable {

    private final TopicReader reader = new TopicReader(Topic.PROXY_HEALTH.topicName());

    /** Waits for the proxy's transition {@code from → to} and answers its event. */
    public HealthData awaitChange(long proxyId, HealthState from, HealthState to) {
        return awaitChange(proxyId, change -> change.from() == from && change.to() == to);
    }

    /** Waits for the proxy's first transition from {@code from} to any state and answers its event. */
    public HealthData awaitChangeFrom(long proxyId, HealthState from) {
        return awaitChange(proxyId, change -> change.from() == from);
    }

    /** Waits for the proxy's first transition to {@code to} from any state and answers its event. */
    public HealthData awaitChangeTo(long proxyId, HealthState to) {
        return awaitChange(proxyId, change -> change.to() == to);
    }

    private HealthData awaitChange(long proxyId, Predicate<HealthData> change) {
        return await(proxyId, EventType.PROXY_HEALTH_CHANGED, change);
    }

    /** Waits for a {@code proxy.probed} of the proxy that matches, and answers the first one. */
    public HealthData awaitProbe(long proxyId, Predicate<HealthData> probe) {
        return await(proxyId, EventType.PROXY_PROBED, probe);
    }

    private HealthData await(long proxyId, EventType type, Predicate<HealthData> match) {
        List<ConsumerRecord<String, byte[]>> found = reader.await(r -> is(r, proxyId, type) && match.test(data(r)), 1,
                Duration.ofSeconds(30));
        return data(found.get(0));
    }

    /** Waits for a {@code proxy.exit-ip-changed} of the proxy that matches, and answers the first one. */
    public ExitIpData awaitExitIpChange(long proxyId, Predicate<ExitIpData> change) {
        return exitIpData(reader.await(r -> is(r, proxyId, EventType.PROXY_EXIT_IP_CHANGED) && change.test(exitIpData(r)),
                1, Duration.ofSeconds(30)).get(0));
    }

    /** Every {@code proxy.exit-ip-changed} of the proxy read so far, in order. */
    public List<ExitIpData> exitIpChanges(long proxyId) {
        return reader.seen().stream().filter(r -> is(r, proxyId, EventType.PROXY_EXIT_IP_CHANGED))
                .map(HealthEvents::exitIpData).toList();
    }

    /** Polls until {@code count} {@code proxy.probed} of the proxy were read, and answers them all in order. */
    public List<HealthData> awaitProbes(long proxyId, int count) {
        return reader.await(r -> is(r, proxyId, EventType.PROXY_PROBED), count, Duration.ofSeconds(30)).stream()
                .map(HealthEvents::data).toList();
    }

    /** Polls until {@code count} {@code proxy.probed} of the proxy stamped after {@code after} were read; answers them. */
    public List<HealthData> awaitProbesAfter(long proxyId, Instant after, int count) {
        return reader.await(r -> is(r, proxyId, EventType.PROXY_PROBED) && data(r).at().isAfter(after), count,
                Duration.ofSeconds(30)).stream().map(HealthEvents::data).limit(count).toList();
    }

    /** Every {@code proxy.probed} of the proxy read so far, in order. */
    public List<HealthData> probes(long proxyId) {
        return reader.seen().stream().filter(r -> is(r, proxyId, EventType.PROXY_PROBED)).map(HealthEvents::data).toList();
    }

    private static boolean is(ConsumerRecord<String, byte[]> record, long proxyId, EventType type) {
        return Long.toString(proxyId).equals(record.key()) && CloudEvent.fromKafka(record.headers(), record.value()).type() == type;
    }

    private static ExitIpData exitIpData(ConsumerRecord<String, byte[]> record) {
        return (ExitIpData) CloudEvent.fromKafka(record.headers(), record.value()).data();
    }

    private static HealthData data(ConsumerRecord<String, byte[]> record) {
        CloudEvent<EventData> event = CloudEvent.fromKafka(record.headers(), record.value());
        return (HealthData) event.data();
    }

    @Override
    public void close() {
        reader.close();
    }
}
