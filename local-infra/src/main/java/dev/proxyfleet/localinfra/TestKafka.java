package dev.proxyfleet.localinfra;

/**
 * The test JVM's Kafka broker, wherever it runs. Tests stop and start it to prove that nothing is lost while Kafka is
 * away, so it comes back at the same address with the same topics and records.
 */
public interface TestKafka {

    String bootstrapServers();

    /** Starts the broker, or starts it again after {@link #stop()}, and returns once it answers clients. */
    void start();

    void stop();
}
