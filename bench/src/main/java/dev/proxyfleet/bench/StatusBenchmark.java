package dev.proxyfleet.bench;

import dev.proxyfleet.contracts.CloudEvent;
import dev.proxyfleet.contracts.EventData;
import dev.proxyfleet.contracts.EventType;
import dev.proxyfleet.contracts.HealthStateData;
import dev.proxyfleet.contracts.HealthState;
import dev.proxyfleet.contracts.Protocol;
import dev.proxyfleet.contracts.ProxyData;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * status-service under load. Push: 1,000 WebSocket clients on a 1,000-proxy fleet while 100 health changes per
 * second go to Kafka; the time from publishing a change to each client receiving it, and the service's heap.
 * Status: {@code GET /api/status} on 10,000 proxies at a steady 500 requests/s while 100 changes/s arrive (latency
 * measured from when each request was due, so a stall counts against it), then, as the baseline, the same requests
 * while nothing changes. Each phase runs {@value #WARM_UP_SECONDS} s unmeasured first.
 */
public final class StatusBenchmark {

    private static final int PUSH_PROXIES = 1_000;
    private static final int STATUS_PROXIES = 10_000;
    private static final int CHANGES_PER_SECOND = 100;
    private static final int PUSH_SECONDS = 20;
    private static final int STATUS_RATE = 500;
    private static final int STATUS_SECONDS = 20;
    /**
     * Each phase first runs this long unmeasured: a fresh JVM compiles the hot paths meanwhile (on two busy cores the JIT
     * still compiled 50–200 methods a second after three minutes), and a service that runs for days is measured, not its
     * first minutes.
     */
    private static final int WARM_UP_SECONDS = 60;
    /** Changes carry 1,000,000 + their number as latencyMs, so a client can tell which change it received. */
    private static final long MARK = 1_000_000;
    private static final Pattern MARKED = Pattern.compile("\"latencyMs\":(1\\d{6})");
    private static final Pattern HEAP = Pattern.compile("(?m)^jvm_memory_used_bytes\\{area=\"heap\"[^}]*} (\\S+)$");

    private final BenchFleet fleet;
    private final KafkaProducer<String, byte[]> producer;
    /** For single requests; HTTP/1.1, as browsers and most tools speak it to a plain-HTTP service. */
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private StatusBenchmark(BenchFleet fleet) {
        this.fleet = fleet;
        this.producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, fleet.kafka.bootstrapServers(),
                ProducerConfig.LINGER_MS_CONFIG, 1), new StringSerializer(), new ByteArraySerializer());
    }

    public static void main(String[] args) throws Exception {
        int clients = args.length > 0 ? Integer.parseInt(args[0]) : 1_000;
        try (BenchFleet fleet = new BenchFleet("status-service")) {
            new StatusBenchmark(fleet).run(clients);
        }
    }

    private void run(int clients) throws Exception {
        System.out.printf("%nStatus benchmark (%d cores; Kafka, PostgreSQL and the service on this machine)%n",
                Runtime.getRuntime().availableProcessors());
        publishFleet(1, PUSH_PROXIES);
        long heapIdle = heapUsed();
        push(clients, heapIdle);
        publishFleet(PUSH_PROXIES + 1, STATUS_PROXIES);
        status();
    }

    private void push(int clients, long heapIdle) throws Exception {
        long[] sentAt = new long[CHANGES_PER_SECOND * PUSH_SECONDS];
        LatencyHistogram latency = new LatencyHistogram();
        try (WebSocketCrowd crowd = new WebSocketCrowd(URI.create(fleet.service.url().replaceFirst("^http", "ws") + "/ws/status"),
                clients, message -> received(message, sentAt, latency))) {
            long heapConnected = heapUsed();
            pushChanges(CHANGES_PER_SECOND * WARM_UP_SECONDS, null);
            Duration cpuBefore = fleet.serviceCpu();
            long start = System.nanoTime();
            pushChanges(sentAt.length, sentAt);
            double cpu = BenchFleet.seconds(fleet.serviceCpu().minus(cpuBefore)) / ((System.nanoTime() - start) / 1e9);
            long heapLoaded = heapUsed();
            Thread.sleep(3_000);
            long expected = (long) sentAt.length * crowd.connected();
            System.out.printf("  push:   %,d clients (%,d still connected), %,d changes at %d/s: p50 %d ms, p99 %d ms  (target p99 < 100 ms)%n",
                    clients, crowd.connected(), sentAt.length, CHANGES_PER_SECOND, latency.percentile(50), latency.percentile(99));
            System.out.printf("          %,d of %,d expected deliveries seen (the rest were coalesced into a later state of the same proxy)%n",
                    latency.count(), expected);
            System.out.printf("  memory: service heap %d MB idle, %d MB with the clients connected, %d MB during the changes; CPU %.2f cores%n",
                    heapIdle >> 20, heapConnected >> 20, heapLoaded >> 20, cpu);
        }
    }

    /**
     * {@code count} health changes at {@value #CHANGES_PER_SECOND}/s over the push fleet's proxies in turn. With
     * {@code sentAt}, each is marked with its number and its send time is kept there.
     */
    private void pushChanges(int count, long[] sentAt) {
        long start = System.nanoTime();
        for (int n = 0; n < count; n++) {
            awaitDue(start, n, CHANGES_PER_SECOND);
            long latencyMs = 20 + n % 50;
            if (sentAt != null) {
                sentAt[n] = System.nanoTime();
                latencyMs = MARK + n;
            }
            publishProbe((long) (n % PUSH_PROXIES) + 1, n % 7 == 0 ? HealthState.DEGRADED : HealthState.HEALTHY, latencyMs);
        }
    }

    private static void received(String message, long[] sentAt, LatencyHistogram latency) {
        long now = System.nanoTime();
        Matcher marked = MARKED.matcher(message);
        while (marked.find()) {
            int n = (int) (Long.parseLong(marked.group(1)) - MARK);
            if (n < sentAt.length && sentAt[n] != 0) {
                latency.record(now - sentAt[n]);
            }
        }
    }

    private void status() throws Exception {
        statusHead();
        // The fleet keeps changing meanwhile, as probes change it in production: the cached answer goes stale.
        AtomicBoolean measuring = new AtomicBoolean(true);
        Thread changes = new Thread(() -> {
            long begin = System.nanoTime();
            for (int n = 0; measuring.get(); n++) {
                awaitDue(begin, n, CHANGES_PER_SECOND);
                publishProbe((long) (n % STATUS_PROXIES) + 1, HealthState.HEALTHY, 20 + n % 50);
            }
        });
        changes.start();
        load(WARM_UP_SECONDS);
        Load changing = load(STATUS_SECONDS);
        measuring.set(false);
        changes.join();
        System.out.printf("  status: %,d proxies changing %d times/s, %s  (target p99 < 20 ms at 500/s)%n",
                STATUS_PROXIES, CHANGES_PER_SECOND, changing);
        Load quiet = load(STATUS_SECONDS);
        System.out.printf("  baseline: the same requests while nothing changes, %s%n", quiet);
        System.out.printf("  ratio:  service CPU per answer with the changes / without = %.2fx%n", changing.cpuPerAnswer() / quiet.cpuPerAnswer());
    }

    /** What one measured run of requests gave. */
    private record Load(int total, LatencyHistogram latency, long failed, long bytes, double cpu) {

        double cpuPerAnswer() {
            return cpu / Math.max(1, latency.count());
        }

        @Override
        public String toString() {
            return String.format("%,d requests due at %d/s: %,d answered, p50 %d ms, p99 %d ms, %d failed, %,d KB per answer (gzip);"
                            + " service CPU %.2f s per 1,000 answers", total, STATUS_RATE, latency.count(), latency.percentile(50),
                    latency.percentile(99), failed, bytes / Math.max(1, latency.count() - failed) >> 10, cpuPerAnswer() * 1000);
        }
    }

    /** Requests for the whole status at a steady {@value #STATUS_RATE}/s for {@code seconds}; returns when all are answered. */
    private Load load(int seconds) throws Exception {
        LatencyHistogram latency = new LatencyHistogram();
        AtomicLong failed = new AtomicLong();
        AtomicLong bytes = new AtomicLong();
        int total = STATUS_RATE * seconds;
        Duration cpuBefore = fleet.serviceCpu();
        URI service = URI.create(fleet.service.url());
        Vertx vertx = Vertx.vertx();
        // Vert.x, as the WebSocket clients: 64 connections, as a pool of callers keeps; an answer later than 10 s fails
        // the request rather than stall the count.
        io.vertx.core.http.HttpClient client = vertx.createHttpClient(new HttpClientOptions().setDefaultHost(service.getHost())
                .setDefaultPort(service.getPort()), new PoolOptions().setHttp1MaxSize(64));
        RequestOptions get = new RequestOptions().setURI("/api/status").addHeader("Accept-Encoding", "gzip").setTimeout(10_000);
        long start = System.nanoTime();
        for (int i = 0; i < total; i++) {
            long due = awaitDue(start, i, STATUS_RATE);
            // the body is asked for in the same callback as the headers arrive: asked later, it may have gone by
            client.request(get).compose(sent -> sent.send().compose(response -> response.statusCode() == 200
                    ? response.body() : Future.failedFuture("status " + response.statusCode()))).onComplete(answer -> {
                        latency.record(System.nanoTime() - due);
                        if (answer.failed()) {
                            if (failed.incrementAndGet() == 1) {
                                System.out.println("  (first failed request: " + answer.cause() + ")");
                            }
                        } else {
                            bytes.addAndGet(answer.result().length());
                        }
                    });
        }
        while (latency.count() < total && System.nanoTime() - start < (seconds + 30) * 1_000_000_000L) {
            Thread.sleep(50);
        }
        vertx.close().toCompletionStage().toCompletableFuture().join();
        return new Load(total, latency, failed.get(), bytes.get(), BenchFleet.seconds(fleet.serviceCpu().minus(cpuBefore)));
    }

    /** Publishes proxies {@code from..to}, each healthy, and waits until the status shows them all probed. */
    private void publishFleet(int from, int to) throws Exception {
        for (long id = from; id <= to; id++) {
            publish(EventType.PROXY_CREATED, new ProxyData(id, "10.7." + (id / 250 % 250) + "." + id % 250, 3128,
                    Protocol.HTTP, null, null, null, null, "DE", List.of("bench"), 0, true, 3, null, null, 1L,
                    Instant.now()));
            publish(EventType.PROXY_HEALTH_STATE, new HealthStateData(id, HealthState.HEALTHY, 20L, 0, 90, null,
                    Instant.now()));
        }
        producer.flush();
        String expected = "\"unknown\":0},\"total\":" + to + ",";
        while (!statusHead().contains(expected)) {
            Thread.sleep(1_000);
        }
    }

    /** The start of the full status, fetched gzipped: the service serves it from cache, so waiting costs it little. */
    private String statusHead() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(fleet.service.url() + "/api/status"))
                .header("Accept-Encoding", "gzip").build();
        try (InputStream body = new GZIPInputStream(http.send(request, HttpResponse.BodyHandlers.ofInputStream()).body())) {
            return new String(body.readNBytes(200), StandardCharsets.UTF_8);
        }
    }

    /**
     * A proxy's new health, as health-service publishes it for status-service; {@code latencyMs} also marks which change
     * a push client received.
     */
    private void publishProbe(long proxyId, HealthState state, long latencyMs) {
        publish(EventType.PROXY_HEALTH_STATE, new HealthStateData(proxyId, state, latencyMs, 0, 90, null, Instant.now()));
    }

    private void publish(EventType type, EventData data) {
        producer.send(CloudEvent.create(type, "/bench", data).toProducerRecord());
    }

    private long heapUsed() throws Exception {
        String metrics = http.send(HttpRequest.newBuilder(URI.create(fleet.service.url() + "/q/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        Matcher heap = HEAP.matcher(metrics);
        double used = 0;
        while (heap.find()) {
            used += Double.parseDouble(heap.group(1));
        }
        return (long) used;
    }

    /**
     * Sleeps until event {@code n} of a steady {@code rate}/s schedule is due; returns when it was due. Parks rather
     * than spins: on two cores a spinning sender would take a core from the service it measures.
     */
    private static long awaitDue(long start, int n, int rate) {
        long due = start + n * 1_000_000_000L / rate;
        for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
            LockSupport.parkNanos(wait);
        }
        return due;
    }
}
