package dev.proxyfleet.localinfra;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A real PostgreSQL server from the binaries packaged on Maven Central (zonky), run as a child process. With a data
 * directory it keeps its data between starts (the local run); without one it starts empty (tests).
 */
public final class PostgresServer implements AutoCloseable {

    public static final String USER = "postgres";
    public static final String PASSWORD = "postgres";

    private final EmbeddedPostgres postgres;

    private PostgresServer(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    /**
     * @param dataDir a directory to keep the data in between starts, or null for a fresh throw-away database
     * @param port a fixed port, or 0 for any free one
     */
    public static PostgresServer start(Path dataDir, int port) {
        // The owner stops the server in its own order (services first), not zonky's hook racing it.
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setRegisterShutdownHook(false)
                .setServerConfig("max_connections", "200")
                .setServerConfig("fsync", dataDir == null ? "off" : "on")
                .setServerConfig("synchronous_commit", dataDir == null ? "off" : "on");
        if (dataDir != null) {
            builder.setDataDirectory(dataDir.toAbsolutePath()).setCleanDataDirectory(false);
        }
        if (port > 0) {
            builder.setPort(port);
        }
        try {
            return new PostgresServer(builder.start());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start PostgreSQL" + (port > 0 ? " on port " + port : ""), e);
        }
    }

    public int port() {
        return postgres.getPort();
    }

    /** The URL of a database for the reactive client, {@code quarkus.datasource.reactive.url}. */
    public String reactiveUrl(String database) {
        return "postgresql://127.0.0.1:" + port() + "/" + database;
    }

    /** The same database for JDBC: Flyway at start-up, and tests that look into the tables. */
    public String jdbcUrl(String database) {
        return "jdbc:" + reactiveUrl(database);
    }

    /** Creates a database, one per service, unless it exists. */
    public void createDatabaseIfMissing(String database) {
        if (!database.matches("[a-z][a-z0-9_]*")) {
            throw new IllegalArgumentException("not a plain database name: " + database);
        }
        try (Connection connection = postgres.getPostgresDatabase().getConnection()) {
            try (PreparedStatement exists = connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
                exists.setString(1, database);
                try (ResultSet rs = exists.executeQuery()) {
                    if (rs.next()) {
                        return;
                    }
                }
            }
            try (Statement create = connection.createStatement()) {
                create.execute("CREATE DATABASE " + database);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + database + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot stop PostgreSQL", e);
        }
    }
}
