package dev.proxyfleet.localinfra;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One packaged Quarkus service ({@code target/quarkus-app/quarkus-run.jar}) run as a child JVM of the local launcher,
 * its output appended to a log file.
 */
public final class ServiceProcess {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration POLL_INTERVAL = Duration.ofMillis(500);
    /** Enough of the log to hold the last 30 lines of a stack trace without reading a log that grew over many runs. */
    private static final int TAIL_BYTES = 64 * 1024;
    private static final String RUN_MARKER = "=== LocalFleet starting ";

    private final String module;
    private final int port;
    private final Path moduleDir;
    private final Path logFile;
    private Process process;

    public ServiceProcess(String module, int port, Path moduleDir, Path logFile) {
        this.module = module;
        this.port = port;
        this.moduleDir = moduleDir;
        this.logFile = logFile;
    }

    static Path runnerJar(Path moduleDir) {
        return moduleDir.resolve("target/quarkus-app/quarkus-run.jar");
    }

    String module() {
        return module;
    }

    public int port() {
        return port;
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    Path logFile() {
        return logFile;
    }

    /** Starts the JVM with the given extra environment; it runs in the module's directory, as it would by hand. */
    public void start(Map<String, String> env) {
        try {
            // A marker, because the log is appended to across runs and a failure report must read this run's lines.
            Files.writeString(logFile, RUN_MARKER + module + " at " + Instant.now() + " ===\n",
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            ProcessBuilder builder = new ProcessBuilder(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx384m", "-jar", runnerJar(moduleDir).toString())
                    .directory(moduleDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
            builder.environment().putAll(env);
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + module, e);
        }
    }

    /**
     * Polls {@code /q/health/ready} until it answers 200.
     *
     * @throws IllegalStateException when the process exits or is not ready in time
     */
    public void awaitReady(HttpClient client) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url() + "/q/health/ready"))
                .timeout(Duration.ofSeconds(2)).GET().build();
        Instant deadline = Instant.now().plus(READY_TIMEOUT);
        while (true) {
            if (!process.isAlive()) {
                throw new IllegalStateException(module + " exited with code " + process.exitValue());
            }
            if (answersOk(client, request)) {
                return;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException(module + " not ready after " + READY_TIMEOUT.toSeconds() + " s");
            }
            sleep(POLL_INTERVAL);
        }
    }

    /** Completes with the exit code when the process ends, for noticing a service that dies after start-up. */
    CompletableFuture<Integer> exitCode() {
        return process.onExit().thenApply(Process::exitValue);
    }

    /** Kills the JVM at once (SIGKILL), as a crash would: no shutdown hook, no graceful anything. */
    public void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    /** Asks the JVM to stop (SIGTERM), so Quarkus can shut down gracefully. */
    public void signalStop() {
        if (process != null) {
            process.destroy();
        }
    }

    /** Waits until the process is gone, killing it if it is still there at the deadline. */
    public void awaitStop(Instant deadline) {
        if (process == null) {
            return;
        }
        try {
            long waitMillis = Math.max(0, Duration.between(Instant.now(), deadline).toMillis());
            if (!process.waitFor(waitMillis, TimeUnit.MILLISECONDS)) {
                System.out.println("  " + module + " did not stop in time; killing it");
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** The last lines this run wrote to the service's log, for a failure report. */
    List<String> logTail(int lines) {
        try (RandomAccessFile file = new RandomAccessFile(logFile.toFile(), "r")) {
            long start = Math.max(0, file.length() - TAIL_BYTES);
            byte[] bytes = new byte[(int) (file.length() - start)];
            file.seek(start);
            file.readFully(bytes);
            List<String> all = Arrays.asList(new String(bytes, StandardCharsets.UTF_8).split("\\R"));
            int thisRun = 0;
            for (int i = 0; i < all.size(); i++) {
                thisRun = all.get(i).startsWith(RUN_MARKER) ? i + 1 : thisRun;
            }
            return all.subList(Math.max(thisRun, all.size() - lines), all.size());
        } catch (IOException e) {
            return List.of("(cannot read " + logFile + ": " + e.getMessage() + ")");
        }
    }

    private static boolean answersOk(HttpClient client, HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException notYetListening) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a service", e);
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a service", e);
        }
    }
}
