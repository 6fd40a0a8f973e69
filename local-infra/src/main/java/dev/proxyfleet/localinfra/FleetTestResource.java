package dev.proxyfleet.localinfra;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Gives a {@code @QuarkusTest} the addresses of the test JVM's real Kafka broker and PostgreSQL server. The servers
 * outlive each test class (see {@link TestInfra}); {@link #stop()} therefore leaves them running.
 */
public class FleetTestResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        TestInfra infra = TestInfra.get();
        return Map.of(
                "kafka.bootstrap.servers", infra.kafka().bootstrapServers(),
                "quarkus.datasource.jdbc.url", infra.jdbcUrl(),
                "quarkus.datasource.username", PostgresServer.USER,
                "quarkus.datasource.password", PostgresServer.PASSWORD);
    }

    @Override
    public void stop() {
        // The servers are shared by every test class of this JVM and stop with it.
    }
}
