package dev.proxyfleet.localinfra;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.testcontainers.kafka.KafkaContainer;

/**
 * The test JVM's Kafka broker in a container of the Kafka version local-infra's own broker runs. Its port on the host
 * is fixed and on the loopback address only: a container started again after {@link #stop()} keeps its data, and the
 * fixed port keeps the address the services under test were given (Docker would pick a new random port).
 */
final class ContainerKafka implements TestKafka {

    /** The root pom's {@code kafka.version}. */
    private static final String IMAGE = "apache/kafka:4.1.1";
    private static final int CONTAINER_PORT = 9092;
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);

    private final int port = FreePorts.next();
    // Like local-infra's broker: a topic the contract does not provision is an error, not an accident that works.
    private final KafkaContainer container = new KafkaContainer(IMAGE).withEnv("KAFKA_AUTO_CREATE_TOPICS_ENABLE", "false");

    ContainerKafka() {
        container.setPortBindings(List.of("127.0.0.1:" + port + ":" + CONTAINER_PORT));
    }

    @Override
    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    /** Creates and starts the container on first use; later, starts the stopped container again. */
    @Override
    public synchronized void start() {
        if (container.getContainerId() == null) {
            container.start();
        } else if (!container.isRunning()) {
            // GenericContainer.start() does nothing for a container it created once, so the engine is asked directly.
            container.getDockerClient().startContainerCmd(container.getContainerId()).exec();
            awaitReady();
        }
    }

    /** Stops the container and keeps it, with its data, for {@link #start()}. */
    @Override
    public synchronized void stop() {
        if (container.isRunning()) {
            container.getDockerClient().stopContainerCmd(container.getContainerId()).exec();
        }
    }

    /** Stops and removes the container, when the test JVM exits. */
    void remove() {
        container.stop();
    }

    /** The admin client retries until the broker answers or the API timeout passes. */
    private void awaitReady() {
        try (Admin admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) READY_TIMEOUT.toMillis()))) {
            admin.describeCluster().nodes().get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("Kafka container " + container.getContainerId() + " not ready after "
                    + READY_TIMEOUT + ": " + e.getCause().getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the Kafka container", e);
        }
    }
}
