package dev.proxyfleet.localinfra;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The local run starts its PostgreSQL even when a run killed hard left the last one running: the launcher stops it
 * first, so the port check and the start find the port free.
 */
class PostgresStartupTest {

    /** A launcher that starts PostgreSQL on the data directory and port it is given, and dies without stopping it. */
    public static final class KilledLauncher {
        public static void main(String[] args) {
            PostgresServer.start(Path.of(args[0]), Integer.parseInt(args[1])).createDatabaseIfMissing("kept");
            Runtime.getRuntime().halt(137);
        }
    }

    @Test
    void stopsTheServerAnEarlierRunLeftOnTheSameDataDirectoryAndStarts() throws Exception {
        Path dataDir = Files.createTempDirectory("stale-pg");
        int port = FreePorts.next();
        try {
            Process killed = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), KilledLauncher.class.getName(),
                    dataDir.toString(), Integer.toString(port)).inheritIO().start();
            assertThat(killed.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(killed.exitValue()).isEqualTo(137);
            assertThat(FreePorts.isFree(port)).as("the killed run's server holds the port").isFalse();

            PostgresStartup.stopServerOf(dataDir);
            assertThat(FreePorts.isFree(port)).isTrue();
            PostgresStartup startup = PostgresStartup.begin(dataDir, port);
            PostgresServer server = startup.await();
            try (Connection connection = DriverManager.getConnection(server.jdbcUrl("kept"), PostgresServer.USER,
                    PostgresServer.PASSWORD); ResultSet rs = connection.createStatement().executeQuery("SELECT 1")) {
                assertThat(rs.next()).isTrue();
            }
            startup.stop();
        } finally {
            PostgresStartup.stopServerOf(dataDir);
            TestInfra.deleteRecursively(dataDir);
        }
    }
}
