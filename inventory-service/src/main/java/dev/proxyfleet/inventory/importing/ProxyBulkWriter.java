package dev.proxyfleet.inventory.importing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.proxyfleet.messaging.Tx;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Set-based SQL for imports: one statement per chunk of lines instead of one per proxy. Rows travel as one JSON
 * array; an endpoint that exists, or that a concurrent import inserts, is skipped by {@code ON CONFLICT}, never an
 * aborted import. Every statement runs in the import's transaction.
 */
@ApplicationScoped
public class ProxyBulkWriter {

    /**
     * A row to insert, with the id its password is encrypted for; {@code key} is the endpoint key, {@code labels}
     * already merged with the options.
     */
    public record NewProxy(long id, String host, int port, String protocol, String username, String passwordCiphertext,
            String keyId, Long providerId, String location, List<String> labels, int maxAccounts) {

        EndpointKey key() {
            return new EndpointKey(host, port, username == null ? "" : username);
        }
    }

    /** Host (normalised), port and username ("" for none): what makes a proxy unique. */
    public record EndpointKey(String host, int port, String username) {
    }

    // The JSON goes in as text: a parameter typed jsonb would take a Java string for a JSON string value.
    private static final String EXISTING = "SELECT p.id, p.host, p.port, p.username_key FROM proxy p "
            + "JOIN jsonb_to_recordset($1::text::jsonb) AS r(host text, port int, username text) "
            + "ON p.host = r.host AND p.port = r.port AND p.username_key = r.username";

    private static final String INSERT = "INSERT INTO proxy (id, host, port, protocol, username, password_ciphertext, "
            + "key_id, provider_id, location, labels, max_accounts) "
            + "SELECT r.id, r.host, r.port, r.protocol, r.username, r.\"passwordCiphertext\", r.\"keyId\", "
            + "r.\"providerId\", r.location, ARRAY(SELECT jsonb_array_elements_text(r.labels)), r.\"maxAccounts\" "
            + "FROM jsonb_to_recordset($1::text::jsonb) AS r(id bigint, host text, port int, protocol text, "
            + "username text, \"passwordCiphertext\" text, \"keyId\" text, \"providerId\" bigint, location text, "
            + "labels jsonb, \"maxAccounts\" int) "
            + "ON CONFLICT (host, port, username_key) DO NOTHING "
            + "RETURNING id, host, port, username_key, updated_at";

    /** Ids for new proxies from the identity column's sequence, in order (see {@code ProxyRepository.nextId}). */
    private static final String NEXT_IDS =
            "SELECT nextval(pg_get_serial_sequence('proxy', 'id')) AS id FROM generate_series(1, $1) ORDER BY id";

    /** The provider a line names by id, and by name (compared as {@code ProviderRepository.findByName} does). */
    private static final String PROVIDER_BY_ID = "SELECT id FROM provider WHERE id = $1";
    private static final String PROVIDER_BY_NAME = "SELECT id FROM provider WHERE lower(name) = lower($1)";

    private final ObjectMapper mapper;

    public ProxyBulkWriter(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /**
     * {@code count} ids for new proxies, taken before the insert because passwords are encrypted for their proxy's id.
     * An id whose row the insert skips (a duplicate) is a gap, as a rolled back insert leaves.
     */
    public Uni<List<Long>> nextIds(Tx tx, int count) {
        return tx.connection().preparedQuery(NEXT_IDS).execute(Tuple.of(count)).map(rows -> {
            List<Long> ids = new ArrayList<>(count);
            rows.forEach(row -> ids.add(row.getLong(0)));
            return ids;
        });
    }

    /** Ids of the proxies that already have one of these endpoints. */
    public Uni<Map<EndpointKey, Long>> findExisting(Tx tx, List<EndpointKey> keys) {
        if (keys.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return query(tx, EXISTING, keys).map(rows -> {
            Map<EndpointKey, Long> existing = new HashMap<>();
            rows.forEach(row -> existing.put(key(row), row.getLong(0)));
            return existing;
        });
    }

    /** Inserts the rows; returns id and timestamp of those inserted (a row whose endpoint is taken is absent). */
    public Uni<Map<EndpointKey, Inserted>> insert(Tx tx, List<NewProxy> rows) {
        return query(tx, INSERT, rows).map(result -> {
            Map<EndpointKey, Inserted> inserted = new HashMap<>();
            result.forEach(row -> inserted.put(key(row),
                    new Inserted(row.getLong(0), row.getOffsetDateTime(4).toInstant())));
            return inserted;
        });
    }

    /** Id and {@code updated_at} of an inserted proxy. */
    public record Inserted(long id, Instant updatedAt) {
    }

    /** The provider with this id, if there is one. */
    public Uni<Optional<Long>> providerWithId(Tx tx, long id) {
        return providerId(tx, PROVIDER_BY_ID, id);
    }

    /** The provider with this name (trimmed, any case), if there is one. */
    public Uni<Optional<Long>> providerNamed(Tx tx, String name) {
        return providerId(tx, PROVIDER_BY_NAME, name.trim());
    }

    private static Uni<Optional<Long>> providerId(Tx tx, String sql, Object reference) {
        return tx.connection().preparedQuery(sql).execute(Tuple.of(reference))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(rows.iterator().next().getLong(0)));
    }

    private Uni<RowSet<Row>> query(Tx tx, String sql, List<?> rows) {
        String json;
        try {
            json = mapper.writeValueAsString(rows);
        } catch (JsonProcessingException e) {
            return Uni.createFrom().failure(
                    new IllegalStateException("bulk proxy rows are not JSON: " + e.getMessage(), e));
        }
        return tx.connection().preparedQuery(sql).execute(Tuple.of(json));
    }

    private static EndpointKey key(Row row) {
        return new EndpointKey(row.getString(1), row.getInteger(2), row.getString(3));
    }
}
