package dev.proxyfleet.localinfra;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import org.junit.jupiter.api.Test;

/** The local run starts its PostgreSQL even when a run killed hard left the last one running. */
class PostgresStartupTest {

    @Test
    void stopsTheServerAnEarlierRunLeftOnTheSameDataDirectoryAndStarts() throws Exception {
        Path dataDir = Files.createTempDirectory("stale-pg");
        int port = FreePorts.next();
        try {
            // The launcher that started this one is gone without stopping it: no handle will ever close it.
            PostgresServer.start(dataDir, port).createDatabaseIfMissing("kept");

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
