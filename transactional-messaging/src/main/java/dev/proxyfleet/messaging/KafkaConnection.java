package dev.proxyfleet.messaging;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.SslConfigs;

/**
 * Where the Kafka clients a service makes itself (the outbox relay's producer) connect and how they authenticate; the
 * SmallRye channels take the same {@code kafka.*} settings from Quarkus. The bootstrap servers, and on a cluster
 * that asks for it (k8s/: SCRAM-SHA-512 over TLS, one KafkaUser per service) the security settings. They are Kafka's
 * own client properties under {@code kafka.} (env {@code KAFKA_SECURITY_PROTOCOL}, {@code KAFKA_SASL_JAAS_CONFIG}, …);
 * unset, clients use a plaintext listener as in the local run.
 */
public record KafkaConnection(String bootstrapServers, Map<String, String> security) {

    static KafkaConnection of(String bootstrapServers, Optional<String> protocol, Optional<String> saslMechanism,
            Optional<String> saslJaasConfig, Optional<String> truststoreType, Optional<String> truststoreLocation) {
        Map<String, String> security = new LinkedHashMap<>();
        protocol.ifPresent(value -> security.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, value));
        saslMechanism.ifPresent(value -> security.put(SaslConfigs.SASL_MECHANISM, value));
        saslJaasConfig.ifPresent(value -> security.put(SaslConfigs.SASL_JAAS_CONFIG, value));
        truststoreType.ifPresent(value -> security.put(SslConfigs.SSL_TRUSTSTORE_TYPE_CONFIG, value));
        truststoreLocation.ifPresent(value -> security.put(SslConfigs.SSL_TRUSTSTORE_LOCATION_CONFIG, value));
        return new KafkaConnection(bootstrapServers, Map.copyOf(security));
    }

    /** One client's settings with the servers and the security settings added. */
    public Map<String, Object> clientSettings(Map<String, Object> settings) {
        Map<String, Object> all = new HashMap<>(settings);
        all.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        all.putAll(security);
        return all;
    }

    @Override
    public String toString() {
        // the JAAS configuration holds the password
        return "KafkaConnection[" + bootstrapServers + ", " + security.getOrDefault(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "PLAINTEXT") + "]";
    }
}
