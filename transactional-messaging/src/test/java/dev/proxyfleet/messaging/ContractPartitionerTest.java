package dev.proxyfleet.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.proxyfleet.contracts.SettingsData;
import dev.proxyfleet.contracts.Topics;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.apache.kafka.common.Cluster;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.PartitionInfo;
import org.junit.jupiter.api.Test;

class ContractPartitionerTest {

    private static final int PARTITIONS = 6;
    private final ContractPartitioner partitioner = new ContractPartitioner();

    @Test
    void putsEveryKeyOfOneProxyInThePartitionOfTheProxyId() {
        for (int proxy = 1; proxy <= 50; proxy++) {
            int proxyId = proxy;
            Set<Integer> partitions = IntStream.rangeClosed(1, 20)
                    .mapToObj(key -> partition(Topics.API_KEYS, proxyId + "/" + key)).collect(Collectors.toSet());

            assertThat(partitions).as("proxy %d", proxyId).containsExactly(defaultPartition(Integer.toString(proxyId)));
        }
    }

    @Test
    void spreadsTheKeysOfManyProxies() {
        Set<Integer> partitions = IntStream.rangeClosed(1, 100).mapToObj(proxy -> partition(Topics.API_KEYS, proxy + "/1"))
                .collect(Collectors.toSet());

        assertThat(partitions).hasSize(PARTITIONS);
    }

    @Test
    void leavesEveryOtherTopicsKeysWhereKafkasDefaultPartitionerPutsThem() {
        for (String key : List.of("42", "acc/with-slash", "tenant/acc-7", "7")) {
            assertThat(partition(Topics.ASSIGNMENT_EVENTS, key)).as(key).isEqualTo(defaultPartition(key));
            assertThat(partition(Topics.PROXY_INVENTORY, key)).as(key).isEqualTo(defaultPartition(key));
        }
    }

    /** Whatever its key hashes to ("42" to partition 4 of 6), a settings record goes to the one partition read. */
    @Test
    void putsTheSettingsInTheOnePartitionEveryReplicaReads() {
        assertThat(defaultPartition("42")).isNotEqualTo(ContractPartitioner.SETTINGS_PARTITION);

        for (String key : List.of(SettingsData.KEY, "42")) {
            assertThat(partition(Topics.FLEET_SETTINGS, key)).as(key).isEqualTo(ContractPartitioner.SETTINGS_PARTITION);
        }
    }

    private int partition(String topic, String key) {
        byte[] bytes = key.getBytes(StandardCharsets.UTF_8);
        return partitioner.partition(topic, key, bytes, null, null, cluster(topic));
    }

    private static int defaultPartition(String key) {
        return BuiltInPartitioner.partitionForKey(key.getBytes(StandardCharsets.UTF_8), PARTITIONS);
    }

    private static Cluster cluster(String topic) {
        Node node = new Node(0, "127.0.0.1", 9092);
        List<PartitionInfo> partitions = IntStream.range(0, PARTITIONS)
                .mapToObj(p -> new PartitionInfo(topic, p, node, new Node[] {node}, new Node[] {node})).toList();
        return new Cluster("test", List.of(node), partitions, Set.of(), Set.of());
    }
}
