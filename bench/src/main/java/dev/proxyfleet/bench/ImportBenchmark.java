package dev.proxyfleet.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.proxyfleet.contracts.Topic;
import dev.proxyfleet.localinfra.FreePorts;
import dev.proxyfleet.localinfra.KafkaBroker;
import dev.proxyfleet.localinfra.LocalFleet;
import dev.proxyfleet.localinfra.PostgresServer;
import dev.proxyfleet.localinfra.ServiceProcess;
import dev.proxyfleet.localinfra.TestInfra;
import dev.proxyfleet.localinfra.TopicProvisioner;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Imports N proxy lines (default 100,000, each with a password to encrypt) through {@code POST /api/proxies/import}
 * of a packaged inventory-service on fresh Kafka and PostgreSQL, and times it until the last {@code proxy.created}
 * event is on Kafka. Baseline in the same run: single {@code POST /api/proxies} calls, each a transaction with its
 * event, the way a client without bulk import would load the same fleet.
 */
public final class ImportBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int BASELINE_POSTS = 1_000;

    private final HttpClient http = HttpClient.newHttpClient();
    private final String url;

    private ImportBenchmark(String url) {
        this.url = url;
    }

    public static void main(String[] args) throws Exception {
        int lines = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        Path work = Files.createTempDirectory("fleet-bench-import");
        LocalFleet.configureLogging(work);
        int port = FreePorts.next();
        try (PostgresServer postgres = PostgresServer.start(work.resolve("postgres"), 0);
                KafkaBroker kafka = new KafkaBroker(work.resolve("kafka"), FreePorts.next(), FreePorts.next())) {
            kafka.start();
            TopicProvisioner.createContractTopics(kafka.bootstrapServers(), 6);
            postgres.createDatabaseIfMissing("inventory");
            ServiceProcess service = new ServiceProcess("inventory-service", port, Path.of("inventory-service").toAbsolutePath(),
                    work.resolve("inventory-service.log"));
            service.start(Map.of(
                    "KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers(),
                    "QUARKUS_DATASOURCE_JDBC_URL", postgres.jdbcUrl("inventory"),
                    "QUARKUS_DATASOURCE_USERNAME", PostgresServer.USER,
                    "QUARKUS_DATASOURCE_PASSWORD", PostgresServer.PASSWORD,
                    "QUARKUS_HTTP_PORT", Integer.toString(port),
                    "FLEET_CRYPTO_KEYS", "bench:" + randomKey()));
            try {
                service.awaitReady(HttpClient.newHttpClient());
                new ImportBenchmark(service.url()).run(lines, kafka.bootstrapServers());
            } finally {
                service.signalStop();
                service.awaitStop(Instant.now().plusSeconds(20));
            }
        } finally {
            TestInfra.deleteRecursively(work);
        }
    }

    private void run(int lines, String bootstrapServers) throws Exception {
        singlePosts(200, "warmup");
        Duration baseline = singlePosts(BASELINE_POSTS, "baseline");
        double baselineRate = BASELINE_POSTS / seconds(baseline);

        try (KafkaConsumer<String, byte[]> consumer = consumerAtEnd(bootstrapServers)) {
            Instant start = Instant.now();
            JsonNode report = post("/api/proxies/import", "text/plain", importBody(lines));
            Duration imported = Duration.between(start, Instant.now());
            Set<String> ids = new HashSet<>();
            report.get("results").forEach(line -> ids.add(line.get("id").asText()));
            if (report.get("created").asInt() != lines || ids.size() != lines) {
                throw new IllegalStateException("import created " + report.get("created") + " of " + lines);
            }
            Duration lastEvent = awaitEvents(consumer, ids, start);

            System.out.printf("%nInventory import benchmark (%d cores; Kafka, PostgreSQL and the service on this machine)%n",
                    Runtime.getRuntime().availableProcessors());
            System.out.printf("  baseline: %,d single POST /api/proxies   %8.0f proxies/s  (%,.1f s for %,d at that rate)%n",
                    BASELINE_POSTS, baselineRate, lines / baselineRate, lines);
            System.out.printf("  import:   %,d lines in one request  %8.0f lines/s    %6.2f s%n",
                    lines, lines / seconds(imported), seconds(imported));
            System.out.printf("  events:   last proxy.created on Kafka after %.2f s  (target: < 10 s for 100,000)%n", seconds(lastEvent));
            System.out.printf("  ratio:    bulk import is %.1fx the single-POST rate%n", (lines / seconds(lastEvent)) / baselineRate);
        }
    }

    private Duration singlePosts(int count, String tag) throws Exception {
        Instant start = Instant.now();
        for (int i = 0; i < count; i++) {
            String body = JSON.writeValueAsString(Map.of("host", tag + ".bench.example", "port", i + 1, "protocol", "HTTP",
                    "username", "user", "password", "bench-password-" + i));
            post("/api/proxies", "application/json", body);
        }
        return Duration.between(start, Instant.now());
    }

    private static String importBody(int lines) {
        StringBuilder body = new StringBuilder(lines * 48);
        for (int i = 0; i < lines; i++) {
            body.append("10.").append(i / 65536).append('.').append((i / 256) % 256).append('.').append(i % 256)
                    .append(":3128:user").append(i).append(":bench-password-").append(i).append('\n');
        }
        return body.toString();
    }

    private JsonNode post(String path, String contentType, String body) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url + path))
                .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 300) {
            throw new IllegalStateException(path + " answered " + response.statusCode() + ": " + response.body());
        }
        return JSON.readTree(response.body());
    }

    private static KafkaConsumer<String, byte[]> consumerAtEnd(String bootstrapServers) {
        KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(
                Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers, ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000),
                new StringDeserializer(), new ByteArrayDeserializer());
        String topic = Topic.PROXY_INVENTORY.topicName();
        List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                .map(p -> new TopicPartition(topic, p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);
        return consumer;
    }

    /** Time from {@code start} until every id has had its event consumed. */
    private static Duration awaitEvents(KafkaConsumer<String, byte[]> consumer, Set<String> ids, Instant start) {
        Set<String> missing = new HashSet<>(ids);
        Instant deadline = Instant.now().plusSeconds(300);
        while (!missing.isEmpty()) {
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException(missing.size() + " events never arrived");
            }
            consumer.poll(Duration.ofMillis(100)).forEach(record -> missing.remove(record.key()));
        }
        return Duration.between(start, Instant.now());
    }

    private static double seconds(Duration duration) {
        return duration.toNanos() / 1e9;
    }

    private static String randomKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }
}
