package dev.proxyfleet.status;

import dev.proxyfleet.localinfra.FleetTestResource;
import dev.proxyfleet.localinfra.FreePorts;
import dev.proxyfleet.localinfra.PostgresServer;
import dev.proxyfleet.localinfra.TestInfra;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/**
 * The shared Kafka broker, but a PostgreSQL server of the test's own that it may stop and start again: same port,
 * same data directory, so the service reconnects to the same database as it would after a real outage.
 */
public class StoppableDatabase extends FleetTestResource {

    private static final String DATABASE = "status";
    private static Path dataDir;
    private static int port;
    private static PostgresServer server;

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new HashMap<>(super.start());
        try {
            dataDir = Files.createTempDirectory("status-outage-pg");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        port = FreePorts.next();
        startServer();
        server.createDatabaseIfMissing(DATABASE);
        config.put("quarkus.datasource.reactive.url", server.reactiveUrl(DATABASE));
        return config;
    }

    /** Stops PostgreSQL as an operator's restart or a crash would. */
    static synchronized void stopServer() {
        server.close();
        server = null;
    }

    static synchronized void startServer() {
        server = PostgresServer.start(dataDir, port);
    }

    /** Runs a statement on the service's database, as an operator or another writer would, behind its back. */
    static synchronized void execute(String statement) throws SQLException {
        try (Connection connection = DriverManager.getConnection(server.jdbcUrl(DATABASE), PostgresServer.USER,
                PostgresServer.PASSWORD)) {
            connection.createStatement().execute(statement);
        }
    }

    @Override
    public synchronized void stop() {
        if (server != null) {
            server.close();
        }
        TestInfra.deleteRecursively(dataDir);
    }
}
