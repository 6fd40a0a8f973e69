package dev.proxyfleet.localinfra;

import dev.proxyfleet.contracts.Topic;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;

/** Creates the contract's topics and their dead-letter topics with the contract's cleanup policies. */
public final class TopicProvisioner {

    private TopicProvisioner() {
    }

    /**
     * Creates every missing topic; existing topics are left as they are.
     *
     * @return the names of the topics created now
     */
    public static List<String> createContractTopics(String bootstrapServers, int partitions) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing = new ArrayList<>();
            for (Topic topic : Topic.values()) {
                addUnlessExisting(missing, existing, topic.topicName(), partitions, topic.cleanupPolicy().config());
                addUnlessExisting(missing, existing, topic.dlqName(), partitions, Topic.CleanupPolicy.DELETE.config());
            }
            admin.createTopics(missing).all().get(60, TimeUnit.SECONDS);
            return missing.stream().map(NewTopic::name).toList();
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot create the contract's topics: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        }
    }

    private static void addUnlessExisting(List<NewTopic> missing, Set<String> existing, String name, int partitions,
            String cleanupPolicy) {
        if (!existing.contains(name)) {
            missing.add(new NewTopic(name, partitions, (short) 1)
                    .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, cleanupPolicy)));
        }
    }
}
