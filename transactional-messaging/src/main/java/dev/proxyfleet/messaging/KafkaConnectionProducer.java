package dev.proxyfleet.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The service's {@link KafkaConnection}, from its {@code kafka.*} configuration. */
@ApplicationScoped
public class KafkaConnectionProducer {

    /** Singleton, not a client proxy: a record is final, so it cannot be proxied for a normal scope. */
    @Produces
    @Singleton
    KafkaConnection connection(@ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers,
            @ConfigProperty(name = "kafka.security.protocol") Optional<String> protocol,
            @ConfigProperty(name = "kafka.sasl.mechanism") Optional<String> saslMechanism,
            @ConfigProperty(name = "kafka.sasl.jaas.config") Optional<String> saslJaasConfig,
            @ConfigProperty(name = "kafka.ssl.truststore.type") Optional<String> truststoreType,
            @ConfigProperty(name = "kafka.ssl.truststore.location") Optional<String> truststoreLocation) {
        return KafkaConnection.of(bootstrapServers, protocol, saslMechanism, saslJaasConfig, truststoreType, truststoreLocation);
    }
}
