package dev.proxyfleet.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class KafkaConnectionTest {

    private static final String JAAS = "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"inventory-service\" secret-material;";

    @Test
    void aClusterThatAsksForLoginsGetsEveryClientTheSecuritySettings() {
        KafkaConnection connection = KafkaConnection.of("fleet-kafka-bootstrap:9093", Optional.of("SASL_SSL"), Optional.of("SCRAM-SHA-512"),
                Optional.of(JAAS), Optional.of("PEM"), Optional.of("/etc/kafka-ca/ca.crt"));

        assertThat(connection.clientSettings(Map.of("acks", "all"))).containsExactlyInAnyOrderEntriesOf(Map.of(
                "bootstrap.servers", "fleet-kafka-bootstrap:9093", "acks", "all", "security.protocol", "SASL_SSL",
                "sasl.mechanism", "SCRAM-SHA-512", "sasl.jaas.config", JAAS, "ssl.truststore.type", "PEM",
                "ssl.truststore.location", "/etc/kafka-ca/ca.crt"));
        assertThat(connection.toString()).contains("SASL_SSL").doesNotContain("secret-material");
    }

    @Test
    void withoutSecuritySettingsClientsUseThePlaintextListenerAsBefore() {
        KafkaConnection connection = KafkaConnection.of("127.0.0.1:9092", Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty());

        assertThat(connection.security()).isEmpty();
        assertThat(connection.clientSettings(Map.of("group.id", "status-service")))
                .containsExactlyInAnyOrderEntriesOf(Map.of("bootstrap.servers", "127.0.0.1:9092", "group.id", "status-service"));
    }
}
