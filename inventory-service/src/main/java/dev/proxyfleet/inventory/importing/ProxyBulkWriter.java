package dev.proxyfleet.inventory.importing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * Set-based SQL for imports: one statement per chunk of lines instead of one per proxy. Rows travel as one JSON
 * array; a concurrent insert of the same endpoint is skipped by {@code ON CONFLICT}, never an aborted import.
 */
@ApplicationScoped
public class ProxyBulkWriter {

    /** A row to insert; {@code key} is the endpoint key, {@code labels} already merged with the options. */
    public record NewProxy(String host, int port, String protocol, String username, String passwordCiphertext,
            String keyId, Long providerId, String location, List<String> labels, int maxAccounts) {

        EndpointKey key() {
            return new EndpointKey(host, port, username == null ? "" : username);
        }
    }

    /** Host (normalised), port and username ("" for none): what makes a proxy unique. */
    public record EndpointKey(String host, int port, String username) {
    }

    private static final String EXISTING = "SELECT p.id, p.host, p.port, p.username_key FROM proxy p "
            + "JOIN jsonb_to_recordset(?::jsonb) AS r(host text, port int, username text) "
            + "ON p.host = r.host AND p.port = r.port AND p.username_key = r.username";

    private static final String INSERT = "INSERT INTO proxy "
            + "(host, port, protocol, username, password_ciphertext, key_id, provider_id, location, labels, max_accounts) "
            + "SELECT r.host, r.port, r.protocol, r.username, r.\"passwordCiphertext\", r.\"keyId\", r.\"providerId\", "
            + "r.location, ARRAY(SELECT jsonb_array_elements_text(r.labels)), r.\"maxAccounts\" "
            + "FROM jsonb_to_recordset(?::jsonb) AS r(host text, port int, protocol text, username text, "
            + "\"passwordCiphertext\" text, \"keyId\" text, \"providerId\" bigint, location text, labels jsonb, \"maxAccounts\" int) "
            + "ON CONFLICT (host, port, username_key) DO NOTHING "
            + "RETURNING id, host, port, username_key, updated_at";

    private final DataSource dataSource;
    private final ObjectMapper mapper;

    public ProxyBulkWriter(DataSource dataSource, ObjectMapper mapper) {
        this.dataSource = dataSource;
        this.mapper = mapper;
    }

    /** Ids of the proxies that already have one of these endpoints. */
    @Transactional(Transactional.TxType.MANDATORY)
    public Map<EndpointKey, Long> findExisting(List<EndpointKey> keys) {
        Map<EndpointKey, Long> existing = new HashMap<>();
        query(EXISTING, keys, rs -> existing.put(key(rs), rs.getLong(1)));
        return existing;
    }

    /** Inserts the rows; returns id and timestamp of those inserted (a row that lost a race is absent). */
    @Transactional(Transactional.TxType.MANDATORY)
    public Map<EndpointKey, Inserted> insert(List<NewProxy> rows) {
        Map<EndpointKey, Inserted> inserted = new HashMap<>();
        query(INSERT, rows, rs -> inserted.put(key(rs), new Inserted(rs.getLong(1), rs.getTimestamp(5).toInstant())));
        return inserted;
    }

    /** Id and {@code updated_at} of an inserted proxy. */
    public record Inserted(long id, Instant updatedAt) {
    }

    private void query(String sql, List<?> rows, RowHandler handler) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, mapper.writeValueAsString(rows));
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    handler.handle(rs);
                }
            }
        } catch (SQLException | JsonProcessingException e) {
            throw new IllegalStateException("bulk proxy statement failed: " + e.getMessage(), e);
        }
    }

    private static EndpointKey key(ResultSet rs) throws SQLException {
        return new EndpointKey(rs.getString(2), rs.getInt(3), rs.getString(4));
    }

    @FunctionalInterface
    private interface RowHandler {
        void handle(ResultSet rs) throws SQLException;
    }
}
