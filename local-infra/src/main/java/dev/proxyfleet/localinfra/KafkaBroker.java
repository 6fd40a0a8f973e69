package dev.proxyfleet.localinfra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;

/**
 * A single-node Kafka broker (KRaft, combined broker and controller) in its own JVM, on fixed ports, keeping its log
 * directory between starts. The same class serves the local run and the tests, which stop and restart it to prove
 * that nothing is lost while Kafka is away.
 */
public final class KafkaBroker implements AutoCloseable, TestKafka {

    /** Log4j2's SLF4J binding; more than one binding is on the class path, so the broker must be told which. */
    static final String LOG4J_SLF4J_PROVIDER = "org.apache.logging.slf4j.SLF4JServiceProvider";
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);

    private final Path dataDir;
    private final int port;
    private final int controllerPort;
    private Process process;

    /**
     * @param dataDir where the broker keeps its logs, configuration and its own log file ({@code kafka.log})
     */
    public KafkaBroker(Path dataDir, int port, int controllerPort) {
        this.dataDir = dataDir.toAbsolutePath();
        this.port = port;
        this.controllerPort = controllerPort;
    }

    @Override
    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    /** Starts the broker, formatting its storage on first use, and returns once it answers clients. */
    @Override
    public synchronized void start() {
        if (process != null && process.isAlive()) {
            return;
        }
        try {
            Files.createDirectories(dataDir);
            Path config = writeConfig();
            if (!Files.exists(logDir().resolve("meta.properties"))) {
                run(List.of("kafka.tools.StorageTool", "format", "-t", Uuid.randomUuid().toString(), "-c", config.toString()),
                        dataDir.resolve("kafka-format.log"));
            }
            process = javaProcess(List.of(KafkaMain.class.getName(), config.toString()), dataDir.resolve("kafka.log"))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start Kafka in " + dataDir, e);
        }
        awaitReady();
    }

    /** Stops the broker gracefully (SIGTERM), forcibly after 30 s. */
    @Override
    public synchronized void stop() {
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    @Override
    public void close() {
        stop();
    }

    private Path logDir() {
        return dataDir.resolve("kafka-logs");
    }

    private Path writeConfig() throws IOException {
        String config = String.join("\n",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
                "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
                "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
                "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=PLAINTEXT",
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                "log.dirs=" + logDir(),
                "offsets.topic.replication.factor=1",
                "offsets.topic.num.partitions=6",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                "group.initial.rebalance.delay.ms=0",
                "auto.create.topics.enable=false",
                "");
        Path file = dataDir.resolve("server.properties");
        Files.writeString(file, config);
        return file;
    }

    private void awaitReady() {
        Instant deadline = Instant.now().plus(READY_TIMEOUT);
        try (Admin admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 2000))) {
            while (true) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("Kafka exited with " + process.exitValue() + "; see " + dataDir.resolve("kafka.log"));
                }
                try {
                    if (!admin.describeCluster().nodes().get(2, TimeUnit.SECONDS).isEmpty()) {
                        return;
                    }
                } catch (Exception notYet) {
                    if (Instant.now().isAfter(deadline)) {
                        throw new IllegalStateException("Kafka not ready after " + READY_TIMEOUT + "; see " + dataDir.resolve("kafka.log"), notYet);
                    }
                    if (notYet instanceof InterruptedException) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException("interrupted while waiting for Kafka", notYet);
                    }
                }
            }
        }
    }

    private static void run(List<String> mainAndArgs, Path logFile) throws IOException {
        Process formatter = javaProcess(mainAndArgs, logFile).start();
        try {
            if (formatter.waitFor() != 0) {
                throw new IllegalStateException("Kafka storage format failed; see " + logFile);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while formatting Kafka storage", e);
        }
    }

    /** A JVM on this JVM's class path, which holds the broker's jars, with output going to a log file. */
    private static ProcessBuilder javaProcess(List<String> mainAndArgs, Path logFile) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xms64m", "-Xmx512m", "-XX:+UseSerialGC",
                "-Dparent.pid=" + ProcessHandle.current().pid(),
                "-cp", System.getProperty("java.class.path")));
        if (log4jOnClassPath()) {
            command.add("-Dslf4j.provider=" + LOG4J_SLF4J_PROVIDER);
        }
        command.addAll(mainAndArgs);
        return new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
    }

    /** Whether the JVM class path, which a child JVM gets too, holds Log4j2's SLF4J binding. */
    static boolean log4jOnClassPath() {
        return ClassLoader.getSystemClassLoader().getResource(LOG4J_SLF4J_PROVIDER.replace('.', '/') + ".class") != null;
    }
}
