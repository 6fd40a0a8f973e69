package dev.proxyfleet.localinfra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

/**
 * The one Kafka broker and the one PostgreSQL server of a test JVM, started on first use and stopped when the JVM
 * exits, so that every test class of a module shares them instead of paying minutes of start-ups.
 */
public final class TestInfra {

    /** The database the service under test uses. */
    public static final String DATABASE = "fleet";
    /** Partitions per topic in tests: more than one, so ordering and partition hand-over are exercised. */
    public static final int PARTITIONS = 3;

    private static TestInfra instance;

    private final KafkaBroker kafka;
    private final PostgresServer postgres;

    private TestInfra(KafkaBroker kafka, PostgresServer postgres) {
        this.kafka = kafka;
        this.postgres = postgres;
    }

    /** The shared infrastructure, started on the first call. */
    public static synchronized TestInfra get() {
        if (instance == null) {
            instance = start();
        }
        return instance;
    }

    public KafkaBroker kafka() {
        return kafka;
    }

    public PostgresServer postgres() {
        return postgres;
    }

    public String jdbcUrl() {
        return postgres.jdbcUrl(DATABASE);
    }

    /** PostgreSQL, then Kafka; whatever started is stopped when the JVM exits, also when the rest failed to start. */
    private static TestInfra start() {
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
        TopicProvisioner.createContractTopics(kafka.bootstrapServers(), PARTITIONS);
        return new TestInfra(kafka, postgres);
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
