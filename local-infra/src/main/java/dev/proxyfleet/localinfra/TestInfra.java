package dev.proxyfleet.localinfra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
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

    private static TestInfra start() {
        Path dataDir;
        try {
            dataDir = Files.createTempDirectory("fleet-test-kafka");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        KafkaBroker kafka = new KafkaBroker(dataDir, FreePorts.next(), FreePorts.next());
        PostgresServer postgres = PostgresServer.start(null, 0);
        kafka.start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            kafka.stop();
            deleteRecursively(dataDir);
            postgres.close();
        }, "test-infra-stop"));
        postgres.createDatabaseIfMissing(DATABASE);
        TopicProvisioner.createContractTopics(kafka.bootstrapServers(), PARTITIONS);
        return new TestInfra(kafka, postgres);
    }

    /** Best effort: a temp directory left behind costs disk space, not correctness. */
    /** Deletes a directory tree, best effort (used for throw-away data directories). */
    public static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            System.err.println("could not delete " + dir + ": " + e.getMessage());
        }
    }
}
