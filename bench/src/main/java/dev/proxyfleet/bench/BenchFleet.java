package dev.proxyfleet.bench;

import dev.proxyfleet.crypto.ApiTokenDigest;
import dev.proxyfleet.contracts.Topic;
import dev.proxyfleet.localinfra.FreePorts;
import dev.proxyfleet.localinfra.KafkaBroker;
import dev.proxyfleet.localinfra.LocalFleet;
import dev.proxyfleet.localinfra.PostgresServer;
import dev.proxyfleet.localinfra.ServiceProcess;
import dev.proxyfleet.localinfra.TestInfra;
import dev.proxyfleet.localinfra.TopicProvisioner;
import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * A throw-away fleet for one benchmark run: fresh Kafka and PostgreSQL in a temp directory and one packaged
 * service, stopped and deleted again on close.
 */
final class BenchFleet implements AutoCloseable {

    final Path work;
    final PostgresServer postgres;
    final KafkaBroker kafka;
    final ServiceProcess service;
    final String database;
    /** An admin API token the service accepts, for the benchmarks' REST calls. */
    final String token = ApiTokenDigest.generate();

    BenchFleet(String module) throws IOException {
        this(module, Map.of());
    }

    /** @param settings extra environment of the service, e.g. its own settings */
    BenchFleet(String module, Map<String, String> settings) throws IOException {
        work = Files.createTempDirectory("fleet-bench");
        LocalFleet.configureLogging(work);
        postgres = PostgresServer.start(work.resolve("postgres"), 0);
        kafka = new KafkaBroker(work.resolve("kafka"), FreePorts.next(), FreePorts.next());
        kafka.start();
        TopicProvisioner.createContractTopics(kafka.bootstrapServers(), 6);
        database = module.replace("-service", "");
        postgres.createDatabaseIfMissing(database);
        int port = FreePorts.next();
        service = new ServiceProcess(module, port, Path.of(module).toAbsolutePath(), work.resolve(module + ".log"));
        Map<String, String> env = new HashMap<>(settings);
        env.putAll(Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers(),
                "QUARKUS_DATASOURCE_REACTIVE_URL", postgres.reactiveUrl(database),
                "QUARKUS_DATASOURCE_USERNAME", PostgresServer.USER,
                "QUARKUS_DATASOURCE_PASSWORD", PostgresServer.PASSWORD,
                "QUARKUS_HTTP_PORT", Integer.toString(port),
                "FLEET_CRYPTO_KEYS", "bench:" + randomKey(),
                "FLEET_SECURITY_TOKENS", "bench:admin:" + ApiTokenDigest.sha256(token)));
        service.start(env);
        service.awaitReady(HttpClient.newHttpClient());
    }

    String jdbcUrl() {
        return postgres.jdbcUrl(database);
    }

    /** A consumer of every partition of a topic, positioned at its end. */
    KafkaConsumer<String, byte[]> consumerAtEnd(Topic topic) {
        KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(), ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000),
                new StringDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(topic.topicName()).stream()
                .map(p -> new TopicPartition(topic.topicName(), p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);
        return consumer;
    }

    @Override
    public void close() throws Exception {
        try {
            service.signalStop();
            service.awaitStop(Instant.now().plusSeconds(20));
            kafka.close();
            postgres.close();
        } finally {
            TestInfra.deleteRecursively(work);
        }
    }

    /** CPU time the service's JVM has used so far. */
    Duration serviceCpu() {
        return ProcessHandle.current().children()
                .filter(p -> p.info().arguments().map(a -> String.join(" ", a).contains("quarkus-run.jar")).orElse(false))
                .findFirst().flatMap(p -> p.info().totalCpuDuration())
                .orElseThrow(() -> new IllegalStateException("the service's CPU time is not readable here"));
    }

    static double seconds(Duration duration) {
        return duration.toNanos() / 1e9;
    }

    private static String randomKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }
}
