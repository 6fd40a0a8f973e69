package dev.proxyfleet.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.proxyfleet.contracts.Topic;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.KafkaConsumer;

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
    private final String token;

    private ImportBenchmark(BenchFleet fleet) {
        this.url = fleet.service.url();
        this.token = fleet.token;
    }

    public static void main(String[] args) throws Exception {
        int lines = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        try (BenchFleet fleet = new BenchFleet("inventory-service")) {
            new ImportBenchmark(fleet).run(lines, fleet);
        }
    }

    private void run(int lines, BenchFleet fleet) throws Exception {
        singlePosts(200, "warmup");
        Duration baseline = singlePosts(BASELINE_POSTS, "baseline");
        double baselineRate = BASELINE_POSTS / BenchFleet.seconds(baseline);

        try (KafkaConsumer<String, byte[]> consumer = fleet.consumerAtEnd(Topic.PROXY_INVENTORY)) {
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
                    lines, lines / BenchFleet.seconds(imported), BenchFleet.seconds(imported));
            System.out.printf("  events:   last proxy.created on Kafka after %.2f s  (target: < 10 s for 100,000)%n", BenchFleet.seconds(lastEvent));
            System.out.printf("  ratio:    bulk import is %.1fx the single-POST rate%n", (lines / BenchFleet.seconds(lastEvent)) / baselineRate);
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
                .header("Content-Type", contentType).header("Authorization", "Bearer " + token).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 300) {
            throw new IllegalStateException(path + " answered " + response.statusCode() + ": " + response.body());
        }
        return JSON.readTree(response.body());
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
}
