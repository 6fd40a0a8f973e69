package dev.proxyfleet.status;

import dev.proxyfleet.contracts.Topic;
import dev.proxyfleet.localinfra.TestInfra;
import dev.proxyfleet.status.projection.StatusEventHandler;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.awaitility.Awaitility;

/** The status service's consumer group seen from outside: whether it has committed everything published so far. */
final class ConsumerLag {

    static final String GROUP = "status-service";

    private ConsumerLag() {
    }

    static Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfra.get().kafka().bootstrapServers()));
    }

    /** Waits until the group's committed offsets reach the end of every partition of the service's topics. */
    static void awaitCaughtUp() {
        try (Admin admin = admin()) {
            Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                    .until(() -> lag(admin) == 0);
        }
    }

    private static long lag(Admin admin) throws ExecutionException, InterruptedException {
        List<String> topics = StatusEventHandler.TOPICS.stream().map(Topic::topicName).toList();
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        admin.describeTopics(topics).allTopicNames().get().forEach((name, description) -> description.partitions()
                .forEach(p -> latest.put(new TopicPartition(name, p.partition()), OffsetSpec.latest())));
        Map<TopicPartition, OffsetAndMetadata> committed =
                admin.listConsumerGroupOffsets(GROUP).partitionsToOffsetAndMetadata().get();
        long lag = 0;
        for (var end : admin.listOffsets(latest).all().get().entrySet()) {
            OffsetAndMetadata done = committed.get(end.getKey());
            lag += end.getValue().offset() - (done == null ? 0 : done.offset());
        }
        return lag;
    }
}
