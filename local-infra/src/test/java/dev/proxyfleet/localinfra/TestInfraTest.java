package dev.proxyfleet.localinfra;

import static org.assertj.core.api.Assertions.assertThat;

import dev.proxyfleet.contracts.Topic;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;

class TestInfraTest {

    private final TestInfra infra = TestInfra.get();

    @Test
    void createsEveryContractTopicWithItsCleanupPolicyAndDeadLetterTopic() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, infra.kafka().bootstrapServers()))) {
            for (Topic topic : Topic.values()) {
                TopicDescription description = admin.describeTopics(java.util.List.of(topic.topicName()))
                        .allTopicNames().get(10, TimeUnit.SECONDS).get(topic.topicName());
                assertThat(description.partitions()).hasSize(TestInfra.PARTITIONS);
                assertThat(cleanupPolicy(admin, topic.topicName())).isEqualTo(topic.cleanupPolicy().config());
                assertThat(cleanupPolicy(admin, topic.dlqName())).isEqualTo("delete");
            }
        }
    }

    @Test
    void provisioningTwiceCreatesNothingNew() {
        assertThat(TopicProvisioner.createContractTopics(infra.kafka().bootstrapServers(), TestInfra.PARTITIONS)).isEmpty();
    }

    @Test
    void servesARealPostgresDatabase() throws Exception {
        try (Connection connection = DriverManager.getConnection(infra.jdbcUrl(), PostgresServer.USER, PostgresServer.PASSWORD);
                ResultSet rs = connection.createStatement().executeQuery("SHOW server_version")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).startsWith("18.");
        }
    }

    @Test
    void brokerComesBackWithItsTopicsAfterARestart() throws Exception {
        infra.kafka().stop();
        infra.kafka().start();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, infra.kafka().bootstrapServers()))) {
            assertThat(admin.listTopics().names().get(10, TimeUnit.SECONDS)).contains(Topic.PROXY_INVENTORY.topicName());
        }
    }

    private static String cleanupPolicy(Admin admin, String topic) throws Exception {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        Config config = admin.describeConfigs(java.util.List.of(resource)).all().get(10, TimeUnit.SECONDS).get(resource);
        return config.get(TopicConfig.CLEANUP_POLICY_CONFIG).value();
    }
}
