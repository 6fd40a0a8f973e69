package dev.proxyfleet.system;

import dev.proxyfleet.crypto.ApiTokenDigest;
import dev.proxyfleet.localinfra.FreePorts;
import dev.proxyfleet.localinfra.TestInfra;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The whole fleet as {@code ./run.sh} (or {@code ./run.sh --demo}) starts it: local-infra's {@code LocalFleet}
 * launcher in its own JVM, from the jar and {@code target/lib} that run.sh uses, starting Kafka, PostgreSQL and the
 * four packaged services. Unlike run.sh it gets a fresh data directory ({@code target/fleet}, or
 * {@code target/demo-fleet}) and free ports, so it runs beside a developer's fleet. The launcher's output goes to
 * {@code target/fleet-launcher.log} (or {@code target/demo-fleet-launcher.log}) with the admin token masked, outside
 * the data directory, which the demo wants empty but for the token; the services' logs are in its {@code logs}.
 */
final class RunningFleet implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofMinutes(4);
    private static final String RUNNING = "The proxy fleet is running.";
    private static final Path HOME = Path.of(System.getProperty("fleet.home", "..")).toAbsolutePath().normalize();

    /** The admin API token the fleet accepts (as run.sh's, kept in the data directory). */
    final String adminToken = ApiTokenDigest.generate();
    private final int kafkaPort = FreePorts.next();
    private final int firstServicePort = FreePorts.consecutive(4);
    private final boolean demo;
    private final Path data;
    private final Path launcherLog;
    private final Process launcher;
    private final CompletableFuture<Void> running = new CompletableFuture<>();

    private RunningFleet(boolean demo, Map<String, String> extra) throws IOException {
        this.demo = demo;
        data = Path.of("target", demo ? "demo-fleet" : "fleet").toAbsolutePath();
        launcherLog = data.resolveSibling(data.getFileName() + "-launcher.log");
        if (Files.exists(data)) {
            TestInfra.deleteRecursively(data); // a fresh fleet, as on a first ./run.sh
        }
        Files.createDirectories(data);
        Files.writeString(data.resolve("admin-token"), adminToken + "\n");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", launcherClassPath(), "dev.proxyfleet.localinfra.LocalFleet"));
        if (demo) {
            command.add("--demo");
        }
        ProcessBuilder builder = new ProcessBuilder(command).directory(HOME.toFile()).redirectErrorStream(true);
        builder.environment().putAll(settings());
        builder.environment().putAll(extra);
        launcher = builder.start();
        Thread output = new Thread(this::copyOutput, "fleet-launcher-output");
        output.setDaemon(true);
        output.start();
    }

    /** Starts the fleet and waits until every service is ready. */
    static RunningFleet start() throws IOException {
        return start(false, Map.of());
    }

    /** Starts the fleet with these settings (run.sh's variables, such as {@code HEALTH_EXIT_IP_URL}) besides the usual. */
    static RunningFleet start(Map<String, String> extra) throws IOException {
        return start(false, extra);
    }

    /** Starts the demo's fleet and waits until every service is ready and the demo has populated it. */
    static RunningFleet startDemo() throws IOException {
        return start(true, Map.of());
    }

    private static RunningFleet start(boolean demo, Map<String, String> extra) throws IOException {
        Instant begin = Instant.now();
        RunningFleet fleet = new RunningFleet(demo, extra);
        try {
            fleet.running.get(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException | InterruptedException e) {
            fleet.close();
            throw new IllegalStateException("the fleet did not start (" + e.getMessage() + "); see " + fleet.launcherLog, e);
        }
        System.out.printf("The fleet started in %d s%n", Duration.between(begin, Instant.now()).toSeconds());
        return fleet;
    }

    String kafkaBootstrapServers() {
        return "127.0.0.1:" + kafkaPort;
    }

    /** What the service (e.g. {@code health-service}) has logged so far. */
    String log(String service) throws IOException {
        return Files.readString(data.resolve("logs").resolve(service + ".log"));
    }

    String inventoryUrl() {
        return url(0);
    }

    String assignmentUrl() {
        return url(1);
    }

    String healthUrl() {
        return url(2);
    }

    String statusUrl() {
        return url(3);
    }

    private String url(int service) {
        return "http://127.0.0.1:" + (firstServicePort + service);
    }

    /**
     * The launcher's settings (run.sh's variables), and what its services inherit: a probe slowed down by a loaded
     * machine (the fleet and a browser on two cores) still counts as healthy; and, but for the demo, which brings its
     * own proxies and probe target, probes fetch a page of the fleet itself (there may be no internet) and come
     * rarely, so that no imported proxy, whose address leads nowhere, fails during the test and loses its accounts
     * (probes on demand come when the test asks).
     */
    private Map<String, String> settings() {
        Map<String, String> settings = new HashMap<>(Map.of(
                "FLEET_HOME", HOME.toString(),
                "FLEET_DATA_DIR", data.toString(),
                "FLEET_KAFKA_PORT", Integer.toString(kafkaPort),
                "FLEET_KAFKA_CONTROLLER_PORT", Integer.toString(FreePorts.next()),
                "FLEET_PG_PORT", Integer.toString(FreePorts.next()),
                "FLEET_SERVICE_PORT", Integer.toString(firstServicePort),
                "FLEET_SERVICES", "inventory,assignment,health,status",
                "HEALTH_DEGRADED_LATENCY", "5s"));
        if (!demo) {
            settings.putAll(Map.of("HEALTH_TARGET_URL", statusUrl() + "/q/health/live", "HEALTH_INTERVAL", "10m"));
        }
        return settings;
    }

    /** What run.sh puts on the launcher's class path. */
    private static String launcherClassPath() {
        Path target = HOME.resolve("local-infra/target");
        return target.resolve("local-infra-" + System.getProperty("fleet.version") + ".jar") + ":" + target.resolve("lib") + "/*";
    }

    private void copyOutput() {
        try (BufferedReader output = new BufferedReader(new InputStreamReader(launcher.getInputStream(), StandardCharsets.UTF_8));
                PrintWriter log = new PrintWriter(Files.newBufferedWriter(launcherLog), true)) {
            for (String line = output.readLine(); line != null; line = output.readLine()) {
                log.println(line.replace(adminToken, ApiTokenDigest.PREFIX + "…"));
                if (line.equals(RUNNING)) {
                    running.complete(null);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            running.completeExceptionally(new IllegalStateException("the launcher ended before the fleet ran"));
        }
    }

    /** Ctrl-C, as a user would stop run.sh: the launcher stops the services, then Kafka and PostgreSQL. */
    @Override
    public void close() {
        launcher.toHandle().destroy(); // SIGTERM; unlike Process.destroy(), it leaves the output to be read to its end
        try {
            if (!launcher.waitFor(90, TimeUnit.SECONDS)) {
                launcher.descendants().forEach(ProcessHandle::destroyForcibly);
                launcher.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
