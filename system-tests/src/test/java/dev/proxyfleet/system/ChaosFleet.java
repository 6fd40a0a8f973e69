package dev.proxyfleet.system;

import dev.proxyfleet.contracts.Topic;
import dev.proxyfleet.localinfra.FreePorts;
import dev.proxyfleet.localinfra.KafkaBroker;
import dev.proxyfleet.localinfra.PostgresServer;
import dev.proxyfleet.localinfra.ServiceProcess;
import dev.proxyfleet.localinfra.TestInfra;
import dev.proxyfleet.localinfra.TestTokens;
import dev.proxyfleet.localinfra.TopicProvisioner;
import dev.proxyfleet.localinfra.loopback.LoopbackProxies;
import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.ListGroupsOptions;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.awaitility.Awaitility;

/**
 * The chaos suite's fleet: Kafka, PostgreSQL and each packaged service as processes of their own, as run.sh starts
 * them, but each within the suite's reach, to kill, stop, start again or run twice. Health probes go through real
 * proxies to the target page of local-infra's loopback proxies. Everything lives in {@code target/chaos}, the
 * services' logs in its {@code logs}.
 */
final class ChaosFleet implements AutoCloseable {

    static final List<String> SERVICES = List.of("inventory-service", "assignment-service", "health-service", "status-service");
    /** Partitions of each topic at the start, as run.sh creates them. */
    static final int PARTITIONS = 6;
    /** How long a probe may take: short, so that a proxy that never answers fails within seconds. */
    static final Duration PROBE_TIMEOUT = Duration.ofSeconds(4);
    private static final Path HOME = Path.of(System.getProperty("fleet.home", "..")).toAbsolutePath().normalize();
    private static final String KEY_ID = "chaos";

    /** The proxies' target page and the normal proxies in front of it. */
    final LoopbackProxies loopback = new LoopbackProxies();
    private final Path dir = Path.of("target", "chaos").toAbsolutePath();
    private final int pgPort = FreePorts.next();
    private final KafkaBroker kafka = new KafkaBroker(dir.resolve("kafka"), FreePorts.next(), FreePorts.next());
    private final String cryptoKeys = KEY_ID + ":" + Base64.getEncoder().encodeToString(randomKey());
    private final Map<String, List<ServiceProcess>> instances = new LinkedHashMap<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private PostgresServer postgres;

    private ChaosFleet() throws IOException {
        if (Files.exists(dir)) {
            TestInfra.deleteRecursively(dir);
        }
        Files.createDirectories(dir.resolve("logs"));
    }

    /** Starts PostgreSQL, Kafka with the contract's topics, and one instance of every service; returns once all are ready. */
    static ChaosFleet start() throws IOException {
        Instant begin = Instant.now();
        ChaosFleet fleet = new ChaosFleet();
        try {
            fleet.startPostgres();
            SERVICES.forEach(module -> fleet.postgres.createDatabaseIfMissing(database(module)));
            fleet.kafka.start();
            TopicProvisioner.createContractTopics(fleet.kafka.bootstrapServers(), PARTITIONS);
            // started together, as they start faster side by side than one after the other
            List<ServiceProcess> started = SERVICES.stream().map(fleet::launch).toList();
            started.forEach(instance -> instance.awaitReady(fleet.http));
        } catch (RuntimeException e) {
            fleet.close();
            throw e;
        }
        System.out.printf("The chaos fleet started in %d s%n", Duration.between(begin, Instant.now()).toSeconds());
        return fleet;
    }

    String kafkaBootstrapServers() {
        return kafka.bootstrapServers();
    }

    /** The URL of the service's first instance. */
    String url(String module) {
        return instances.get(module).get(0).url();
    }

    /** The URLs of every instance of the service. */
    List<String> urls(String module) {
        return instances.get(module).stream().map(ServiceProcess::url).toList();
    }

    /** Starts one more instance of the service (another port, the same database and consumer group); returns when ready. */
    ServiceProcess addInstance(String module) {
        ServiceProcess instance = launch(module);
        instance.awaitReady(http);
        return instance;
    }

    private ServiceProcess launch(String module) {
        List<ServiceProcess> running = instances.computeIfAbsent(module, m -> new ArrayList<>());
        int port = FreePorts.next();
        ServiceProcess instance = new ServiceProcess(module, port, HOME.resolve(module),
                dir.resolve("logs").resolve(module + "-" + (running.size() + 1) + ".log"));
        instance.start(environment(module, port));
        running.add(instance);
        return instance;
    }

    /** Stops an instance {@link #addInstance} added, gracefully, as a scale-down would. */
    void removeInstance(ServiceProcess instance) {
        instances.values().forEach(list -> list.remove(instance));
        instance.signalStop();
        instance.awaitStop(Instant.now().plusSeconds(20));
    }

    /**
     * Kills the service's first instance with SIGKILL, as a crash would, starts it again and waits until it is ready.
     *
     * @return when the killed process was gone: whatever the service did after that, the new process did
     */
    Instant killAndRestart(String module) throws InterruptedException {
        ServiceProcess instance = instances.get(module).get(0);
        instance.kill();
        Instant gone = Instant.now();
        instance.start(environment(module, instance.port()));
        instance.awaitReady(http);
        return gone;
    }

    void stopKafka() {
        kafka.stop();
    }

    void startKafka() {
        kafka.start();
    }

    /** Stops PostgreSQL as a crash or an operator's restart would: every connection of every service is gone. */
    synchronized void stopPostgres() {
        postgres.close();
        postgres = null;
    }

    /** Starts PostgreSQL on its data directory and port, where the services find it again. */
    synchronized void startPostgres() {
        postgres = PostgresServer.start(dir.resolve("postgres"), pgPort);
    }

    /** Adds partitions to a topic, as an operator scaling it out would; records already there stay where they are. */
    void increasePartitions(Topic topic, int partitions) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            admin.createPartitions(Map.of(topic.topicName(), NewPartitions.increaseTo(partitions))).all().get(30, TimeUnit.SECONDS);
        }
    }

    /**
     * Runs a query on a service's database, as an operator's psql would, and answers the rows as lists of values. A
     * collection parameter becomes an array (of {@code bigint} for numbers, {@code text} otherwise).
     */
    List<List<Object>> query(String module, String sql, Object... parameters) throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + pgPort + "/"
                + database(module), PostgresServer.USER, PostgresServer.PASSWORD);
                PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i] instanceof Collection<?> values ? connection.createArrayOf(
                        values.stream().allMatch(Number.class::isInstance) ? "bigint" : "text", values.toArray()) : parameters[i]);
            }
            try (ResultSet result = statement.executeQuery()) {
                List<List<Object>> rows = new ArrayList<>();
                while (result.next()) {
                    Object[] row = new Object[result.getMetaData().getColumnCount()];
                    for (int column = 0; column < row.length; column++) {
                        row[column] = result.getObject(column + 1);
                    }
                    rows.add(Arrays.asList(row));
                }
                return rows;
            }
        }
    }

    /** The single number a query on a service's database answers, such as a {@code count(*)}. */
    long count(String module, String sql, Object... parameters) throws SQLException {
        return ((Number) query(module, sql, parameters).get(0).get(0)).longValue();
    }

    /**
     * Waits until clients use every partition of a topic: a record was written to one of the new ones, and every
     * consumer group that reads the topic has all of them assigned.
     */
    void awaitPartitionsInUse(Topic topic, int partitions, Duration timeout) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            Awaitility.await(topic.topicName() + " used on all " + partitions + " partitions").atMost(timeout)
                    .pollInterval(Duration.ofSeconds(2)).until(() -> writtenBeyond(admin, topic, PARTITIONS, partitions)
                            && everyGroupReadsAll(admin, topic, partitions));
        }
    }

    private static boolean writtenBeyond(Admin admin, Topic topic, int from, int to) throws Exception {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        for (int partition = from; partition < to; partition++) {
            latest.put(new TopicPartition(topic.topicName(), partition), OffsetSpec.latest());
        }
        return admin.listOffsets(latest).all().get(10, TimeUnit.SECONDS).values().stream().anyMatch(offset -> offset.offset() > 0);
    }

    private static boolean everyGroupReadsAll(Admin admin, Topic topic, int partitions) throws Exception {
        List<String> groups = admin.listGroups(ListGroupsOptions.forConsumerGroups()).all().get(10, TimeUnit.SECONDS).stream()
                .map(GroupListing::groupId).toList();
        Map<String, Long> assigned = new HashMap<>();
        admin.describeConsumerGroups(groups).all().get(10, TimeUnit.SECONDS).forEach((group, description) ->
                description.members().forEach(member -> member.assignment().topicPartitions().stream()
                        .filter(partition -> partition.topic().equals(topic.topicName()))
                        .forEach(partition -> assigned.merge(group, 1L, Long::sum))));
        return !assigned.isEmpty() && assigned.values().stream().allMatch(count -> count == partitions);
    }

    /**
     * What run.sh gives each service, with the suite's tokens; health-service probes the loopback target page, expects
     * its text (so that a proxy answering anything else fails), and gives up on a probe after {@link #PROBE_TIMEOUT}.
     */
    private Map<String, String> environment(String module, int port) {
        Map<String, String> env = new HashMap<>(Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers(),
                "QUARKUS_DATASOURCE_REACTIVE_URL", "postgresql://127.0.0.1:" + pgPort + "/" + database(module),
                "QUARKUS_DATASOURCE_USERNAME", PostgresServer.USER,
                "QUARKUS_DATASOURCE_PASSWORD", PostgresServer.PASSWORD,
                "QUARKUS_HTTP_PORT", Integer.toString(port),
                "FLEET_CRYPTO_KEYS", cryptoKeys,
                "FLEET_CRYPTO_PRIMARY_KEY_ID", KEY_ID,
                "FLEET_SECURITY_TOKENS", TestTokens.configuration(),
                "QUARKUS_LOG_CONSOLE_JSON_ENABLED", "false"));
        if (module.equals("health-service")) {
            env.putAll(Map.of(
                    "HEALTH_TARGET_URL", loopback.targetUrl(),
                    "HEALTH_BODY_PATTERN", LoopbackProxies.PAGE,
                    "HEALTH_INTERVAL", "15s",
                    "HEALTH_FAST_INTERVAL", "1s",
                    "HEALTH_TIMEOUT", PROBE_TIMEOUT.toSeconds() + "s",
                    // two busy cores slow a probe down; that must not count against the proxy
                    "HEALTH_DEGRADED_LATENCY", "3s",
                    "HEALTH_DOWN_MAX_INTERVAL", "30s"));
        }
        return env;
    }

    private static byte[] randomKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return key;
    }

    /** {@code inventory-service} uses the database {@code inventory}, as with run.sh. */
    private static String database(String module) {
        return module.substring(0, module.indexOf('-'));
    }

    /** Services first, then Kafka and PostgreSQL, then the proxies; each even if an earlier one fails to stop. */
    @Override
    public void close() {
        List<ServiceProcess> all = instances.values().stream().flatMap(List::stream).toList();
        all.forEach(ServiceProcess::signalStop);
        Instant deadline = Instant.now().plusSeconds(20);
        all.forEach(instance -> instance.awaitStop(deadline));
        TestParts.closeAll(kafka, () -> {
            if (postgres != null) {
                postgres.close();
            }
        }, loopback);
    }
}
