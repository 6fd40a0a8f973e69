package dev.proxyfleet.messaging;

import dev.proxyfleet.contracts.ApiKeyData;
import dev.proxyfleet.contracts.Topics;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.clients.producer.Partitioner;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.apache.kafka.common.Cluster;

/**
 * Partitions the outbox's records as the contract says. Records of {@value Topics#API_KEYS} are keyed
 * {@code <proxyId>/<keyId>} ({@link ApiKeyData#key()}) so that compaction keeps every key, and go to the partition of
 * their proxy id, so that the events of one proxy's keys stay in order with each other. {@value Topics#FLEET_SETTINGS}
 * has one key and goes to partition {@value #SETTINGS_PARTITION}, whatever the topic's partition count, since every
 * replica reads that one partition assigned (not in a consumer group). Every other record goes where Kafka's default
 * partitioner puts it (the hash of its whole key), so no existing key changes partition.
 */
public class ContractPartitioner implements Partitioner {

    /** The partition of {@value Topics#FLEET_SETTINGS} that holds its records. */
    public static final int SETTINGS_PARTITION = 0;

    @Override
    public int partition(String topic, Object key, byte[] keyBytes, Object value, byte[] valueBytes, Cluster cluster) {
        if (Topics.FLEET_SETTINGS.equals(topic)) {
            return SETTINGS_PARTITION;
        }
        int partitions = cluster.partitionsForTopic(topic).size();
        return BuiltInPartitioner.partitionForKey(partitionKey(topic, (String) key), partitions);
    }

    /** The bytes a record's partition is the hash of. */
    static byte[] partitionKey(String topic, String key) {
        int slash = key.indexOf('/');
        String group = Topics.API_KEYS.equals(topic) && slash > 0 ? key.substring(0, slash) : key;
        return group.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void configure(Map<String, ?> configs) {
        // nothing to configure
    }

    @Override
    public void close() {
        // holds nothing
    }
}
