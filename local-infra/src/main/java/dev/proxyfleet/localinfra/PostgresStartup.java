package dev.proxyfleet.localinfra;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The local run's PostgreSQL, started on a background thread while Kafka starts, and stoppable whatever point its
 * start has reached when Ctrl-C comes. The launcher stops a server of the same data directory that an earlier run
 * left behind (killed hard) before anything else: it holds the port and the directory.
 */
final class PostgresStartup {

    private static final long STOP_WAIT_SECONDS = 30;

    private final Path dataDir;
    private final CompletableFuture<PostgresServer> start;

    private PostgresStartup(Path dataDir, CompletableFuture<PostgresServer> start) {
        this.dataDir = dataDir;
        this.start = start;
    }

    static PostgresStartup begin(Path dataDir, int port) {
        return new PostgresStartup(dataDir, CompletableFuture.supplyAsync(() -> PostgresServer.start(dataDir, port)));
    }

    /** Waits for the server, rethrowing what made its start fail. */
    PostgresServer await() {
        try {
            return start.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }

    /** Stops the server, waiting first for a start still under way. */
    void stop() {
        PostgresServer server = startedServer();
        if (server != null) {
            System.out.println("Stopping PostgreSQL");
            server.close();
        } else {
            stopServerOf(dataDir);
        }
    }

    private PostgresServer startedServer() {
        try {
            return start.get(STOP_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (ExecutionException | TimeoutException failedOrStuck) {
            return null;
        }
    }

    /**
     * Stops a server running on the data directory that no handle of this launcher reaches: one an earlier run left
     * when it was killed, or one a start cut short by Ctrl-C left (zonky launches it, then fails to register its
     * shutdown hook). The pid file names it; the process's command is checked too, as a stale file may name a pid
     * that another program has now.
     */
    static void stopServerOf(Path dataDir) {
        try {
            long pid = Long.parseLong(Files.readAllLines(dataDir.resolve("postmaster.pid")).get(0).trim());
            ProcessHandle.of(pid)
                    .filter(process -> process.info().command().orElse("").endsWith("postgres"))
                    .ifPresent(process -> {
                        System.out.println("Stopping PostgreSQL of " + dataDir + " (pid " + pid + ")");
                        fastShutdown(process);
                        process.onExit().orTimeout(STOP_WAIT_SECONDS, TimeUnit.SECONDS)
                                .exceptionally(timeout -> null).join();
                    });
        } catch (IOException | RuntimeException noServerLeft) {
            // no readable pid file: no server was left running
        }
    }

    /**
     * SIGINT, PostgreSQL's fast shutdown: it disconnects its clients (services a killed run left behind may still hold
     * connections, which SIGTERM's smart shutdown would wait for) and still shuts down cleanly.
     */
    private static void fastShutdown(ProcessHandle postmaster) {
        try {
            new ProcessBuilder("kill", "-INT", Long.toString(postmaster.pid())).inheritIO().start().waitFor();
        } catch (IOException e) {
            postmaster.destroy();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
