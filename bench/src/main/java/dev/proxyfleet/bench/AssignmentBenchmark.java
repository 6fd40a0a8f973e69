package dev.proxyfleet.bench;

import dev.proxyfleet.contracts.AccountData;
import dev.proxyfleet.contracts.CloudEvent;
import dev.proxyfleet.contracts.EventType;
import dev.proxyfleet.contracts.Protocol;
import dev.proxyfleet.contracts.ProxyData;
import dev.proxyfleet.contracts.Topic;
import dev.proxyfleet.localinfra.PostgresServer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Publishes N {@code account.created} events (default 100,000, 20 models) against enough proxies and times them until
 * the last {@code assignment.*} event; then event-to-assignment latency at a steady 1,000 events/s; then, with every
 * proxy taken, the same rate of accounts of models that find no room, each until its {@code assignment.pending} (the
 * waiting path, printed beside the assigning one). Baseline in the same run and PostgreSQL: the common stored-function
 * approach, one transaction per account that selects the first proxy with room and updates it, on a fleet of the same
 * size.
 */
public final class AssignmentBenchmark {

    private static final int MODELS = 20;
    private static final int PACED_RATE = 1_000;
    /**
     * The steady rate runs this long unmeasured first (its latency is printed apart): after the burst, autovacuum and
     * the three young JVMs' JIT compilers keep the two cores busy for most of a minute.
     */
    private static final int PACED_WARM_UP_SECONDS = 60;
    private static final int PACED_SECONDS = 30;
    /** The waiting path follows the paced run, whose JVMs are warm by then: a short warm-up of its own code path. */
    private static final int WAITING_WARM_UP_SECONDS = 10;
    private static final Duration BASELINE_CAP = Duration.ofSeconds(60);

    private final BenchFleet fleet;
    private final KafkaProducer<String, byte[]> producer;
    private long nextProxyId = 1;

    private AssignmentBenchmark(BenchFleet fleet) {
        this.fleet = fleet;
        this.producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, fleet.kafka.bootstrapServers(),
                ProducerConfig.LINGER_MS_CONFIG, 2), new StringSerializer(), new ByteArraySerializer());
    }

    public static void main(String[] args) throws Exception {
        int accounts = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        try (BenchFleet fleet = new BenchFleet("assignment-service")) {
            new AssignmentBenchmark(fleet).run(accounts);
        }
    }

    private void run(int accounts) throws Exception {
        int unmeasured = PACED_RATE * PACED_WARM_UP_SECONDS;
        int paced = unmeasured + PACED_RATE * PACED_SECONDS;
        // 25 % more room than the accounts need: each proxy takes one model, and a fleet run to its last slot measures
        // the wait for capacity (pending accounts), not placement.
        int proxies = (accounts + paced) * 5 / 12 + MODELS;
        publishProxies(proxies);

        Duration burst;
        try (KafkaConsumer<String, byte[]> consumer = fleet.consumerAtEnd(Topic.ASSIGNMENT_EVENTS)) {
            Instant start = Instant.now();
            for (int i = 0; i < accounts; i++) {
                publishAccount("burst-" + i, "model-" + i % MODELS);
            }
            producer.flush();
            awaitAssignments(consumer, "burst-", accounts, new ConcurrentHashMap<>());
            burst = Duration.between(start, Instant.now());
        }
        long[] latencies = pacedLatencies("paced-", "model-", paced, unmeasured, "right after the burst");
        takeEveryEmptyProxy();
        int waitingUnmeasured = PACED_RATE * WAITING_WARM_UP_SECONDS;
        int waiting = waitingUnmeasured + PACED_RATE * PACED_SECONDS;
        long[] waitingLatencies = pacedLatencies("waiting-", "waiting-model-", waiting, waitingUnmeasured, "of the waiting path");
        long parked = query(fleet.jdbcUrl(), "SELECT count(*) FROM account WHERE account_id LIKE 'waiting-%' AND pending_since IS NOT NULL");
        double baselineRate = naiveBaseline(accounts, proxies);
        long violations = violations();

        double rate = accounts / BenchFleet.seconds(burst);
        System.out.printf("%nAssignment benchmark (%d cores; Kafka, PostgreSQL and the service on this machine; %,d proxies, %d models)%n",
                Runtime.getRuntime().availableProcessors(), proxies, MODELS);
        System.out.printf("  service:  %,d account.created -> last assignment event in %.1f s: %,.0f accounts/s  (target >= 5,000)%n",
                accounts, BenchFleet.seconds(burst), rate);
        System.out.printf("  latency:  %,d events at %,d/s after %d s of the same unmeasured: p50 %d ms, p99 %d ms  (target p99 < 50 ms)%n",
                paced - unmeasured, PACED_RATE, PACED_WARM_UP_SECONDS, percentile(latencies, 50), percentile(latencies, 99));
        System.out.printf("  waiting:  %,d events at %,d/s of models that find no room (%,d of %,d went pending) after %d s of the same "
                + "unmeasured: p50 %d ms, p99 %d ms  (target p99 < 50 ms; the assigning path above: p99 %d ms)%n",
                waiting - waitingUnmeasured, PACED_RATE, parked, waiting, WAITING_WARM_UP_SECONDS,
                percentile(waitingLatencies, 50), percentile(waitingLatencies, 99), percentile(latencies, 99));
        System.out.printf("  baseline: stored function, one transaction per account, 2 threads: %,.0f accounts/s%n", baselineRate);
        System.out.printf("  ratio:    service / baseline = %.2fx%n", rate / baselineRate);
        System.out.printf("  rules:    %d violations (no proxy over capacity, none with two models, counters match)%n", violations);
    }

    private void publishProxies(int count) throws SQLException, InterruptedException {
        for (int i = 0; i < count; i++) {
            ProxyData proxy = new ProxyData(nextProxyId++, "10.9." + (i / 250 % 250) + "." + i % 250, 3128, Protocol.HTTP,
                    null, null, null, null, null, List.of(), 0, true, 3, null, null, 1L, Instant.now());
            producer.send(CloudEvent.create(EventType.PROXY_CREATED, "/bench", proxy).toProducerRecord());
        }
        producer.flush();
        while (query(fleet.jdbcUrl(), "SELECT count(*) FROM proxy") < count) {
            Thread.sleep(200);
        }
        // A real fleet exists long before a burst of accounts: do now the vacuum and analyze that autovacuum would
        // otherwise run on the just-filled table during the burst.
        try (Connection connection = connect(fleet.jdbcUrl())) {
            connection.createStatement().execute("VACUUM ANALYZE proxy");
        }
    }

    private void publishAccount(String id, String modelId) {
        producer.send(CloudEvent.create(EventType.ACCOUNT_CREATED, "/bench", new AccountData(id, modelId, null, null))
                .toProducerRecord());
    }

    /**
     * Gives every proxy still empty (the policy keeps a few in reserve for models to come) an account of a model of
     * its own, so that no new model finds room after it.
     */
    private void takeEveryEmptyProxy() throws Exception {
        int empty = (int) query(fleet.jdbcUrl(), "SELECT count(*) FROM proxy WHERE enabled AND account_count = 0");
        try (KafkaConsumer<String, byte[]> consumer = fleet.consumerAtEnd(Topic.ASSIGNMENT_EVENTS)) {
            for (int i = 0; i < empty; i++) {
                publishAccount("filler-" + i, "filler-model-" + i);
            }
            producer.flush();
            awaitAssignments(consumer, "filler-", empty, new ConcurrentHashMap<>());
        }
    }

    /**
     * Sends accounts {@code prefix + i} of the models {@code modelPrefix + i % MODELS} at a steady rate and returns
     * each measured account's time from send to its assignment event, in ms; prints where that time goes.
     */
    private long[] pacedLatencies(String prefix, String modelPrefix, int count, int unmeasured, String unmeasuredIs)
            throws Exception {
        Map<String, Long> sentAt = new ConcurrentHashMap<>();
        Map<String, Arrival> received = new ConcurrentHashMap<>();
        AtomicReference<Double> sendSeconds = new AtomicReference<>();
        try (KafkaConsumer<String, byte[]> consumer = fleet.consumerAtEnd(Topic.ASSIGNMENT_EVENTS)) {
            ExecutorService sender = Executors.newSingleThreadExecutor();
            Future<?> sending = sender.submit(() -> {
                long start = System.nanoTime();
                for (int i = 0; i < count; i++) {
                    // sleep, not spin: a spinning sender takes one of the two cores from Kafka, PostgreSQL and the service
                    LockSupport.parkNanos(start + i * 1_000_000_000L / PACED_RATE - System.nanoTime());
                    sentAt.put(prefix + i, System.currentTimeMillis());
                    publishAccount(prefix + i, modelPrefix + i % MODELS);
                }
                producer.flush();
                sendSeconds.set((System.nanoTime() - start) / 1e9);
            });
            awaitAssignments(consumer, prefix, count, received);
            sending.get();
            sender.shutdown();
        }
        System.out.printf("  (%s: %,d events sent in %.1f s)%n", prefix.substring(0, prefix.length() - 1), count, sendSeconds.get());
        Predicate<String> warmingUp = key -> Integer.parseInt(key.substring(prefix.length())) < unmeasured;
        Map<String, Arrival> warmUp = new HashMap<>(received);
        warmUp.keySet().removeIf(warmingUp.negate());
        received.keySet().removeIf(warmingUp);
        long[] unmeasuredLatencies = latencies(warmUp, sentAt);
        System.out.printf("  (the %d s unmeasured, %s: p50 %d ms, p99 %d ms)%n", unmeasured / PACED_RATE, unmeasuredIs,
                percentile(unmeasuredLatencies, 50), percentile(unmeasuredLatencies, 99));
        long[] toPlaced = received.entrySet().stream().mapToLong(e -> e.getValue().placedAt() - sentAt.get(e.getKey())).sorted().toArray();
        long[] toKafka = received.values().stream().mapToLong(a -> a.publishedAt() - a.placedAt()).sorted().toArray();
        long[] toClient = received.values().stream().mapToLong(a -> a.receivedAt() - a.publishedAt()).sorted().toArray();
        System.out.printf("  (where it goes, p50/p99 ms: sent -> placed in the consumer's transaction %d/%d, -> committed and relayed to Kafka %d/%d, -> received %d/%d)%n",
                percentile(toPlaced, 50), percentile(toPlaced, 99), percentile(toKafka, 50), percentile(toKafka, 99),
                percentile(toClient, 50), percentile(toClient, 99));
        return latencies(received, sentAt);
    }

    /** Each account's time from send to the arrival of its assignment event, sorted, in ms. */
    private static long[] latencies(Map<String, Arrival> arrivals, Map<String, Long> sentAt) {
        return arrivals.entrySet().stream().mapToLong(e -> e.getValue().receivedAt() - sentAt.get(e.getKey())).sorted().toArray();
    }

    /**
     * When an assignment event arrived here, and the steps before, in wall-clock ms (one clock, as the event's time and
     * the record's timestamp are wall clock too): its placement (the event's time, taken in the consumer's transaction
     * before the account row is written), its send by the relay after the commit (the record's timestamp) and its
     * arrival.
     */
    private record Arrival(long placedAt, long publishedAt, long receivedAt) {
    }

    /** Polls until every account with this prefix had an assignment event; records when each first arrived. */
    private static void awaitAssignments(KafkaConsumer<String, byte[]> consumer, String prefix, int count, Map<String, Arrival> arrivals) {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(15));
        while (arrivals.size() < count) {
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("only " + arrivals.size() + " of " + count + " accounts were assigned");
            }
            consumer.poll(Duration.ofMillis(50)).forEach(r -> {
                if (r.key().startsWith(prefix)) {
                    arrivals.computeIfAbsent(r.key(), key -> new Arrival(
                            CloudEvent.fromKafka(r.headers(), r.value()).time().toEpochMilli(), r.timestamp(), System.currentTimeMillis()));
                }
            });
        }
    }

    /** The naive approach on a fleet of the same size, for at most a minute; accounts per second. */
    private double naiveBaseline(int accounts, int proxies) throws Exception {
        fleet.postgres.createDatabaseIfMissing("naive");
        String url = fleet.postgres.jdbcUrl("naive");
        try (Connection connection = connect(url)) {
            connection.createStatement().execute(String.join("\n",
                    "CREATE TABLE naive_proxy (id BIGINT PRIMARY KEY, max_accounts INT NOT NULL, account_count INT NOT NULL DEFAULT 0, model_id TEXT);",
                    "CREATE TABLE naive_account (account_id TEXT PRIMARY KEY, proxy_id BIGINT);",
                    "INSERT INTO naive_proxy (id, max_accounts) SELECT g, 3 FROM generate_series(1, " + proxies + ") g;",
                    "CREATE FUNCTION assign_naive(a TEXT, m TEXT) RETURNS BIGINT LANGUAGE plpgsql AS $$",
                    "DECLARE p BIGINT; BEGIN",
                    "  SELECT id INTO p FROM naive_proxy WHERE account_count < max_accounts AND (model_id IS NULL OR model_id = m)",
                    "   ORDER BY id LIMIT 1 FOR UPDATE;",
                    "  IF p IS NOT NULL THEN UPDATE naive_proxy SET account_count = account_count + 1, model_id = m WHERE id = p; END IF;",
                    "  INSERT INTO naive_account VALUES (a, p); RETURN p;",
                    "END $$;"));
        }
        AtomicInteger next = new AtomicInteger();
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService threads = Executors.newFixedThreadPool(2);
        Instant start = Instant.now();
        List<Future<?>> workers = new ArrayList<>();
        for (int t = 0; t < 2; t++) {
            workers.add(threads.submit(() -> {
                try (Connection connection = connect(url);
                        PreparedStatement call = connection.prepareStatement("SELECT assign_naive(?, ?)")) {
                    for (int i = next.getAndIncrement(); i < accounts && !stop.get(); i = next.getAndIncrement()) {
                        call.setString(1, "naive-" + i);
                        call.setString(2, "model-" + i % MODELS);
                        call.executeQuery().close();
                        if (Duration.between(start, Instant.now()).compareTo(BASELINE_CAP) > 0) {
                            stop.set(true);
                        }
                    }
                }
                return null;
            }));
        }
        for (Future<?> worker : workers) {
            worker.get();
        }
        threads.shutdown();
        long done = query(url, "SELECT count(*) FROM naive_account");
        return done / BenchFleet.seconds(Duration.between(start, Instant.now()));
    }

    private long violations() throws SQLException {
        return query(fleet.jdbcUrl(), "SELECT (SELECT count(*) FROM proxy WHERE account_count > max_accounts)"
                + " + (SELECT count(*) FROM (SELECT proxy_id FROM account WHERE proxy_id IS NOT NULL GROUP BY proxy_id"
                + "    HAVING count(DISTINCT model_id) > 1) two_models)"
                + " + (SELECT count(*) FROM proxy p WHERE account_count <> (SELECT count(*) FROM account a WHERE a.proxy_id = p.id))");
    }

    private static long percentile(long[] sorted, int percent) {
        return sorted.length == 0 ? -1 : sorted[Math.min(sorted.length - 1, sorted.length * percent / 100)];
    }

    private static Connection connect(String url) throws SQLException {
        return DriverManager.getConnection(url, PostgresServer.USER, PostgresServer.PASSWORD);
    }

    private static long query(String url, String sql) throws SQLException {
        try (Connection connection = connect(url); ResultSet rs = connection.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
