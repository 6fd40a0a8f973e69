package dev.proxyfleet.localinfra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * The one Kafka broker and the one PostgreSQL server of a test JVM, started on first use and stopped when the JVM
 * exits, so that every test class of a module shares them instead of paying minutes of start-ups. They run in
 * containers or as local-infra's own servers, as {@link InfraChoice} decides.
 */
public final class TestInfra {

    /** The database the service under test uses. */
    public static final String DATABASE = "fleet";
    /** Partitions per topic in tests: more than one, so ordering and partition hand-over are exercised. */
    public static final int PARTITIONS = 3;
    /** The root pom's {@code postgres-binaries.version}, which local-infra's own server runs. */
    private static final String POSTGRES_IMAGE = "postgres:18.6";

    private static TestInfra instance;

    private final TestKafka kafka;
    private final String jdbcUrl;

    private TestInfra(TestKafka kafka, String jdbcUrl) {
        this.kafka = kafka;
        this.jdbcUrl = jdbcUrl;
    }

    /** The shared infrastructure, started on the first call, with the contract's topics. */
    public static synchronized TestInfra get() {
        if (instance == null) {
            String setting = InfraChoice.setting(System.getProperties(), System.getenv());
            InfraChoice choice = InfraChoice.choose(setting, ContainerEngine::reachable);
            // One line per test JVM, so a log shows which path a machine took.
            System.err.println("Test Kafka and PostgreSQL: " + choice.name().toLowerCase(Locale.ROOT) + ", as "
                    + InfraChoice.PROPERTY + "=" + (setting == null ? "auto" : setting) + " chose (system property "
                    + InfraChoice.PROPERTY + " or environment variable " + InfraChoice.ENVIRONMENT_VARIABLE + ")");
            TestInfra started = choice == InfraChoice.CONTAINERS ? startContainers() : startLocal();
            TopicProvisioner.createContractTopics(started.kafka.bootstrapServers(), PARTITIONS);
            instance = started;
        }
        return instance;
    }

    public TestKafka kafka() {
        return kafka;
    }

    /** The test database for the services' reactive client. */
    public String reactiveUrl() {
        return jdbcUrl.substring("jdbc:".length());
    }

    public String jdbcUrl() {
        return jdbcUrl;
    }

    /** Containers of the versions local-infra's own servers run; they are removed when the JVM exits. */
    private static TestInfra startContainers() {
        PostgreSQLContainer postgres = new PostgreSQLContainer(POSTGRES_IMAGE)
                .withDatabaseName(DATABASE)
                .withUsername(PostgresServer.USER)
                .withPassword(PostgresServer.PASSWORD)
                // As local-infra's own server: throw-away data, so no fsync; and room for every test's connection pool.
                .withCommand("postgres", "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "max_connections=200");
        ContainerKafka kafka = new ContainerKafka();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            kafka.remove();
            postgres.stop();
        }, "test-containers-stop"));
        postgres.start();
        kafka.start();
        // Docker publishes the port on the loopback address too; tests talk to 127.0.0.1 only.
        int port = postgres.getMappedPort(PostgreSQLContainer.POSTGRESQL_PORT);
        return new TestInfra(kafka, "jdbc:postgresql://127.0.0.1:" + port + "/" + DATABASE);
    }

    /** PostgreSQL, then Kafka; whatever started is stopped when the JVM exits, also when the rest failed to start. */
    private static TestInfra startLocal() {
        Path dataDir;
        try {
            dataDir = Files.createTempDirectory("fleet-test-kafka");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        PostgresServer postgres = PostgresServer.start(null, 0);
        List<KafkaBroker> started = new CopyOnWriteArrayList<>();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            started.forEach(KafkaBroker::stop);
            deleteRecursively(dataDir);
            postgres.close();
        }, "test-infra-stop"));
        KafkaBroker kafka = startKafka(dataDir, started);
        postgres.createDatabaseIfMissing(DATABASE);
        return new TestInfra(kafka, postgres.jdbcUrl(DATABASE));
    }

    /**
     * A broker on ports that were free a moment ago. Another process may take one before the broker binds it; the
     * broker then exits, and a second broker on other ports is tried once.
     */
    private static KafkaBroker startKafka(Path dataDir, List<KafkaBroker> started) {
        for (int attempt = 1; ; attempt++) {
            KafkaBroker kafka = new KafkaBroker(dataDir.resolve("broker-" + attempt), FreePorts.next(), FreePorts.next());
            started.add(kafka);
            try {
                kafka.start();
                return kafka;
            } catch (IllegalStateException e) {
                kafka.stop();
                if (attempt == 2) {
                    throw e;
                }
                System.err.println("Kafka did not start, trying other ports: " + e.getMessage());
            }
        }
    }

    /** Deletes a directory tree, best effort (used for throw-away data directories). */
    public static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            System.err.println("could not delete " + dir + ": " + e.getMessage());
        }
    }
}
