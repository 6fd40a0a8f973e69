package dev.proxyfleet.bench;

import dev.proxyfleet.contracts.CloudEvent;
import dev.proxyfleet.contracts.EventType;
import dev.proxyfleet.contracts.Protocol;
import dev.proxyfleet.contracts.ProxyData;
import dev.proxyfleet.contracts.Topic;
import dev.proxyfleet.localinfra.DebianPackages;
import dev.proxyfleet.localinfra.loopback.LoopbackProxies;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Probes N loopback proxies (default 1,000 then 10,000) every 30 s with the packaged health-service and prints
 * probes/s (counted as {@code proxy.probed} events) and its CPU seconds per 1,000 probes over one interval (after every
 * proxy was probed once and one more interval unmeasured), the
 * detection time of a proxy that goes dead (against one interval plus {@code fall − 1} fast intervals, and against
 * the {@code fall} intervals it took before fast re-probes), and, where HAProxy is installed, HAProxy checking the
 * same backends (CPU per check, and the ratio).
 */
public final class HealthBenchmark {

    private static final Duration INTERVAL = Duration.ofSeconds(30);
    private static final int FALL = 3;
    private static final Duration FAST_INTERVAL = Duration.ofSeconds(2);
    private static final double JITTER = 0.1;
    private static final int PROXIES_PER_PORT = 10;

    private final BenchFleet fleet;
    private final LoopbackProxies loopback;
    private final KafkaProducer<String, byte[]> producer;
    private final List<Integer> ports = new ArrayList<>();
    private long published;

    private HealthBenchmark(BenchFleet fleet, LoopbackProxies loopback) {
        this.fleet = fleet;
        this.loopback = loopback;
        this.producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, fleet.kafka.bootstrapServers(),
                ProducerConfig.LINGER_MS_CONFIG, 5), new StringSerializer(), new ByteArraySerializer());
    }

    public static void main(String[] args) throws Exception {
        List<Integer> sizes = args.length == 0 ? List.of(1_000, 10_000) : java.util.Arrays.stream(args).map(Integer::valueOf).toList();
        try (LoopbackProxies loopback = new LoopbackProxies();
                BenchFleet fleet = new BenchFleet("health-service", Map.of("HEALTH_TARGET_URL", loopback.targetUrl(),
                        "HEALTH_INTERVAL", INTERVAL.toSeconds() + "s", "HEALTH_FALL", Integer.toString(FALL),
                        "HEALTH_FAST_INTERVAL", FAST_INTERVAL.toSeconds() + "s", "HEALTH_JITTER", Double.toString(JITTER)))) {
            HealthBenchmark bench = new HealthBenchmark(fleet, loopback);
            System.out.printf("%nHealth benchmark (%d cores; Kafka, PostgreSQL, the service and the loopback proxies on this machine; "
                    + "interval %d s, fall %d, fast interval %d s)%n", Runtime.getRuntime().availableProcessors(),
                    INTERVAL.toSeconds(), FALL, FAST_INTERVAL.toSeconds());
            for (int size : sizes) {
                bench.measure(size);
            }
            bench.detection();
        }
    }

    private void measure(int proxies) throws Exception {
        try (KafkaConsumer<String, byte[]> probed = fleet.consumerAtEnd(Topic.PROXY_HEALTH)) {
            Set<String> seen = new HashSet<>();
            long target = proxies - published;
            publish(proxies);
            count(probed, INTERVAL.multipliedBy(2), seen, target);
            // One more interval unmeasured: the JIT compiles the paths of the new proxies for most of a minute.
            count(probed, INTERVAL, null, Long.MAX_VALUE);
            Duration cpuBefore = fleet.serviceCpu();
            long probes = count(probed, INTERVAL, null, Long.MAX_VALUE);
            double cpu = BenchFleet.seconds(fleet.serviceCpu().minus(cpuBefore));
            double rate = probes / BenchFleet.seconds(INTERVAL);
            System.out.printf("  N = %,d: %,.0f probes/s; health-service CPU %.2f s per 1,000 probes, %.2f cores  (target at 10,000: 333/s on < 0.5 core)%n",
                    proxies, rate, cpu * 1000 / probes, cpu / BenchFleet.seconds(INTERVAL));
            haproxy(proxies, cpu / probes);
        }
    }

    /** Publishes proxies up to {@code total}, {@value #PROXIES_PER_PORT} per loopback port (distinct usernames). */
    private void publish(int total) {
        for (; published < total; published++) {
            if (published % PROXIES_PER_PORT == 0) {
                ports.add(loopback.open());
            }
            publishProxy(published + 1, ports.get(ports.size() - 1), "bench-" + published);
        }
        producer.flush();
    }

    private void publishProxy(long id, int port, String username) {
        ProxyData proxy = new ProxyData(id, "127.0.0.1", port, Protocol.HTTP, username, null, null, null, null,
                List.of(), 0, true, 3, null, null, 1L, Instant.now());
        producer.send(CloudEvent.create(EventType.PROXY_CREATED, "/bench", proxy).toProducerRecord());
    }

    /**
     * Counts {@code proxy.probed} events for a while, or until {@code keys} holds {@code distinct} proxies.
     */
    private static long count(KafkaConsumer<String, byte[]> consumer, Duration within, Set<String> keys, long distinct) {
        Instant end = Instant.now().plus(within);
        long count = 0;
        while (Instant.now().isBefore(end) && (keys == null || keys.size() < distinct)) {
            for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                if (EventType.PROXY_PROBED.ceType().equals(new String(record.headers().lastHeader(CloudEvent.HEADER_TYPE).value(), StandardCharsets.UTF_8))) {
                    count++;
                    if (keys != null) {
                        keys.add(record.key());
                    }
                }
            }
        }
        return count;
    }

    private void haproxy(int proxies, double serviceCpuPerProbe) throws Exception {
        Optional<Path> haproxy = DebianPackages.ensure("haproxy", "haproxy");
        if (haproxy.isEmpty()) {
            System.out.println("    HAProxy: " + DebianPackages.missingMessage("haproxy", "haproxy"));
            return;
        }
        List<Integer> backends = new ArrayList<>();
        for (int i = 0; i < proxies; i++) {
            backends.add(ports.get(i / PROXIES_PER_PORT));
        }
        try (HaproxyChecks checks = HaproxyChecks.start(haproxy.get(), fleet.work, backends, loopback.targetUrl(), INTERVAL)) {
            Thread.sleep(INTERVAL.toMillis());
            Duration before = checks.cpu();
            Thread.sleep(INTERVAL.toMillis());
            double cpuPerCheck = BenchFleet.seconds(checks.cpu().minus(before)) / proxies;
            System.out.printf("    HAProxy %s, same %,d backends: %.2f s CPU per 1,000 checks; health-service / HAProxy = %.1fx%n",
                    haproxy.get(), proxies, cpuPerCheck * 1000, serviceCpuPerProbe / cpuPerCheck);
        }
    }

    /** Kills one more proxy on its own port and times until the service reports it failed. */
    private void detection() throws Exception {
        int port = loopback.open();
        long id = ++published;
        publishProxy(id, port, "victim");
        producer.flush();
        awaitState(id, "healthy", INTERVAL.multipliedBy(3));
        loopback.kill(port);
        Instant killed = Instant.now();
        awaitState(id, "failed", INTERVAL.multipliedBy(FALL + 2));
        Duration detection = Duration.between(killed, Instant.now());
        // The proxy refuses at once, so the probes themselves take no time worth counting.
        double scheduled = BenchFleet.seconds(INTERVAL.plus(FAST_INTERVAL.multipliedBy(FALL - 1)));
        System.out.printf("  detection of a dead proxy: %.1f s  (target <= interval + (fall - 1) x fast interval + 1 s = %.0f s, "
                + "+ %.0f %% jitter = %.1f s; before fast re-probes: fall x interval + 1 s = %d s)%n",
                BenchFleet.seconds(detection), scheduled + 1, JITTER * 100, scheduled * (1 + JITTER) + 1,
                FALL * INTERVAL.toSeconds() + 1);
    }

    private void awaitState(long id, String state, Duration within) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest request = HttpRequest.newBuilder(URI.create(fleet.service.url() + "/api/health/proxies/" + id))
                .header("Authorization", "Bearer " + fleet.token).build();
        Instant end = Instant.now().plus(within);
        while (!http.send(request, HttpResponse.BodyHandlers.ofString()).body().contains("\"state\":\"" + state + "\"")) {
            if (Instant.now().isAfter(end)) {
                throw new IllegalStateException("proxy " + id + " not " + state + " within " + within);
            }
            Thread.sleep(100);
        }
    }
}
