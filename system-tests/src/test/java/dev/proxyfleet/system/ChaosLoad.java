package dev.proxyfleet.system;

import dev.proxyfleet.contracts.AccountData;
import dev.proxyfleet.contracts.CloudEvent;
import dev.proxyfleet.contracts.EventType;
import dev.proxyfleet.contracts.Protocol;
import dev.proxyfleet.localinfra.TestTokens;
import io.restassured.path.json.JsonPath;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The load of a scenario, from outside the fleet as its users make it: an account service publishing
 * {@code account.created} (20 a second; every tenth account then moves to another model with {@code account.updated},
 * after which its {@code account.created} arrives again, same {@code ce_id}, as a redelivery brings it), an operator changing
 * the inventory over REST (4 writes a second: priorities, a proxy disabled and enabled again, a new proxy now and
 * then), and readers of inventory, the status page, best-proxy selection and every service's readiness (4 rounds a
 * second). It counts what the fleet acknowledged, which the invariants then look for.
 */
final class ChaosLoad implements AutoCloseable {

    static final int MODELS = 5;
    /** Generous: two cores shared by a whole fleet and its load answer slowly, which is still answering. */
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(10);
    /** Longer still: a write that times out is counted refused, though it may have been stored. */
    private static final Duration WRITE_TIMEOUT = Duration.ofSeconds(30);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /** Each account's model, as the last event for it that the broker acknowledged names it. */
    final Map<String, String> models = new ConcurrentHashMap<>();
    /** Account events the broker acknowledged, but for the second publications. */
    final AtomicLong eventsSent = new AtomicLong();
    /** Accounts whose {@code account.created} was published a second time after their update, with its model. */
    final Map<String, String> republished = new ConcurrentHashMap<>();
    final AtomicLong sendFailures = new AtomicLong();
    /** The highest version of each proxy a REST write was answered with. */
    final Map<Long, Long> acknowledgedVersions = new ConcurrentHashMap<>();
    final AtomicLong writesAcknowledged = new AtomicLong();
    final AtomicLong writesRefused = new AtomicLong();
    private final Map<String, long[]> reads = new TreeMap<>();

    private final ChaosFleet fleet;
    private final String scenario;
    private final List<Long> proxies;
    private final KafkaProducer<String, byte[]> producer;
    private final ScheduledExecutorService threads = Executors.newScheduledThreadPool(3);
    private final AtomicInteger nextAccount = new AtomicInteger();
    private final AtomicInteger nextWrite = new AtomicInteger();
    private volatile long disabled = -1;

    /** Starts the load; accounts are named after the scenario, writes change the given proxies. */
    ChaosLoad(ChaosFleet fleet, String scenario, List<Long> proxies) {
        this.fleet = fleet;
        this.scenario = scenario;
        this.proxies = new CopyOnWriteArrayList<>(proxies);
        // Buffered for minutes, so that a broker outage delays the account service's events but loses none.
        producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, fleet.kafkaBootstrapServers(),
                ProducerConfig.LINGER_MS_CONFIG, 5,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 300_000,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 300_000), new StringSerializer(), new ByteArraySerializer());
        threads.scheduleAtFixedRate(this::publishAccounts, 0, 100, TimeUnit.MILLISECONDS);
        threads.scheduleAtFixedRate(this::writeInventory, 0, 250, TimeUnit.MILLISECONDS);
        threads.scheduleAtFixedRate(this::read, 0, 250, TimeUnit.MILLISECONDS);
    }

    /** Creates a proxy over REST, as an operator does, and answers its id. */
    static long createProxy(String inventoryUrl, int port, Protocol protocol, String label) {
        String body = "{\"host\":\"127.0.0.1\",\"port\":" + port + ",\"protocol\":\"" + protocol + "\",\"maxAccounts\":3,"
                + "\"labels\":[\"" + label + "\"]}";
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(inventoryUrl + "/api/proxies"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)), TestTokens.ADMIN,
                WRITE_TIMEOUT);
        if (response == null || response.statusCode() != 201) {
            throw new IllegalStateException("cannot create a proxy on port " + port + ": "
                    + (response == null ? "no answer" : response.statusCode() + " " + response.body()));
        }
        return JsonPath.from(response.body()).getLong("id");
    }

    private void publishAccounts() {
        for (int i = 0; i < 2; i++) {
            int n = nextAccount.getAndIncrement();
            String id = scenario + "-" + n;
            String model = "model-" + n % MODELS;
            ProducerRecord<String, byte[]> created = publish(EventType.ACCOUNT_CREATED, id, model);
            if (n % 10 == 0) {
                // Applied a second time, the first event would move the account back to its first model.
                publish(EventType.ACCOUNT_UPDATED, id, "model-" + (n + 1) % MODELS);
                producer.send(created, (metadata, e) -> {
                    if (e == null) {
                        republished.put(id, model);
                    } else {
                        sendFailures.incrementAndGet();
                    }
                });
            }
        }
    }

    /** Publishes an account event; once the broker acknowledges it, the account is expected with this model. */
    private ProducerRecord<String, byte[]> publish(EventType type, String id, String model) {
        ProducerRecord<String, byte[]> record = CloudEvent.create(type, "/chaos", new AccountData(id, model, null, null))
                .toProducerRecord();
        // The callbacks of one partition, so of one account, come in the order of the sends.
        producer.send(record, (metadata, e) -> {
            if (e == null) {
                eventsSent.incrementAndGet();
                models.put(id, model);
            } else {
                sendFailures.incrementAndGet();
            }
        });
        return record;
    }

    private void writeInventory() {
        int n = nextWrite.getAndIncrement();
        try {
            if (n % 20 == 0) {
                long id = createProxy(fleet.url("inventory-service"), fleet.loopback.open(), Protocol.HTTP, "chaos-new");
                proxies.add(id);
                acknowledge(id, 1);
            } else if (n % 10 == 5) {
                // one proxy at a time disabled, then enabled again ten writes later: its accounts move, and come back
                if (disabled < 0) {
                    // taken before the write: a disable stored but answered too late is still enabled again
                    disabled = proxies.get(ThreadLocalRandom.current().nextInt(proxies.size()));
                    write(disabled, "{\"enabled\":false}");
                } else {
                    write(disabled, "{\"enabled\":true}");
                    disabled = -1;
                }
            } else {
                long id = proxies.get(ThreadLocalRandom.current().nextInt(proxies.size()));
                write(id, "{\"priority\":" + n % 10 + "}");
            }
        } catch (RuntimeException refused) {
            writesRefused.incrementAndGet();
        }
    }

    /** Changes a proxy over REST (a merge-patch) and answers the version it now has; throws when it is refused. */
    long write(long id, String body) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(fleet.url("inventory-service") + "/api/proxies/" + id))
                .header("Content-Type", "application/merge-patch+json").method("PATCH", HttpRequest.BodyPublishers.ofString(body)),
                TestTokens.ADMIN, WRITE_TIMEOUT);
        if (response == null || response.statusCode() != 200) {
            throw new IllegalStateException("proxy " + id + " not changed: " + (response == null ? "no answer" : response.statusCode()));
        }
        long version = JsonPath.from(response.body()).getLong("version");
        acknowledge(id, version);
        return version;
    }

    private void acknowledge(long id, long version) {
        acknowledgedVersions.merge(id, version, Math::max);
        writesAcknowledged.incrementAndGet();
    }

    private void read() {
        long proxy = proxies.get(ThreadLocalRandom.current().nextInt(proxies.size()));
        count("inventory GET /api/proxies/{id}", fleet.url("inventory-service") + "/api/proxies/" + proxy, TestTokens.VIEWER);
        count("status GET /api/status", fleet.url("status-service") + "/api/status", null);
        count("status GET /api/proxies/best", fleet.url("status-service") + "/api/proxies/best", TestTokens.VIEWER);
        ChaosFleet.SERVICES.forEach(module -> count(module + " ready", fleet.url(module) + "/q/health/ready", null));
    }

    private void count(String what, String url, String token) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(url)).GET(), token, READ_TIMEOUT);
        synchronized (reads) {
            reads.computeIfAbsent(what, w -> new long[2])[response != null && response.statusCode() == 200 ? 0 : 1]++;
        }
    }

    /** The reads since the last call, answered 200 and not, by what was read; the counts start again at zero. */
    Map<String, long[]> takeReads() {
        synchronized (reads) {
            Map<String, long[]> taken = new TreeMap<>(reads);
            reads.clear();
            return taken;
        }
    }

    /** The answer, or null when there was none (refused, reset, timed out); {@code token} null: anonymous. */
    private static HttpResponse<String> send(HttpRequest.Builder request, String token, Duration timeout) {
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            return HTTP.send(request.timeout(timeout).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException noAnswer) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /**
     * Stops the load, enables again the proxy it left disabled (the scenarios share the fleet: the next one counts on
     * every proxy it was given being probed), and waits until the broker acknowledged every account event sent.
     */
    @Override
    public void close() throws InterruptedException {
        threads.shutdown();
        threads.awaitTermination(30, TimeUnit.SECONDS);
        if (disabled >= 0) {
            try {
                write(disabled, "{\"enabled\":true}");
                System.out.printf("[%s] proxy %d, disabled by the load when it stopped, enabled again%n", scenario, disabled);
            } catch (IllegalStateException refused) {
                // not thrown from a finally over the scenario's own failure; the next scenario names the proxy
                System.out.printf("[%s] proxy %d left disabled: %s%n", scenario, disabled, refused.getMessage());
            }
        }
        producer.close(Duration.ofMinutes(5));
    }
}
