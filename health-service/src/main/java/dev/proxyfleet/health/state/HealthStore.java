package dev.proxyfleet.health.state;

import dev.proxyfleet.contracts.HealthState;
import dev.proxyfleet.contracts.Protocol;
import dev.proxyfleet.health.probe.ProbeTarget;
import dev.proxyfleet.messaging.Sql;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/** The {@code proxy_health} and {@code health_log} tables: one row per proxy, one log row per result. */
@ApplicationScoped
public class HealthStore {

    private static final String HEALTH_COLUMNS =
            "state, consecutive_failures, consecutive_successes, usage_failures, recent, latency_ms, score, last_error";

    private final Sql sql;

    public HealthStore(Sql sql) {
        this.sql = sql;
    }

    /** Stores where the proxy is now and locks its row until the transaction ends; answers its health. */
    public ProxyHealth lockForProbe(ProbeTarget target) {
        return sql.query("INSERT INTO proxy_health (proxy_id, protocol, host, port, username, password_ciphertext, key_id) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (proxy_id) DO UPDATE SET protocol = excluded.protocol, "
                + "host = excluded.host, port = excluded.port, username = excluded.username, "
                + "password_ciphertext = excluded.password_ciphertext, key_id = excluded.key_id RETURNING " + HEALTH_COLUMNS,
                HealthStore::health, target.id(), target.protocol().name(), target.host(), target.port(),
                target.username(), target.passwordCiphertext(), target.keyId()).get(0);
    }

    /** Locks the proxy's row until the transaction ends (creating it if the proxy was never probed); answers its health. */
    public ProxyHealth lock(long proxyId) {
        return sql.query("INSERT INTO proxy_health (proxy_id) VALUES (?) ON CONFLICT (proxy_id) "
                + "DO UPDATE SET proxy_id = excluded.proxy_id RETURNING " + HEALTH_COLUMNS, HealthStore::health, proxyId).get(0);
    }

    /** Saves a locked proxy's new health and logs it. */
    public void save(long proxyId, ProxyHealth health, boolean changed, ResultSource source, Instant at) {
        Timestamp time = Timestamp.from(at);
        sql.update("UPDATE proxy_health SET state = ?, score = ?, latency_ms = ?, consecutive_failures = ?, "
                + "consecutive_successes = ?, usage_failures = ?, recent = ?, last_error = ?, "
                + "last_check_at = CASE WHEN ? THEN ? ELSE last_check_at END, "
                + "changed_at = CASE WHEN ? THEN ? ELSE changed_at END WHERE proxy_id = ?",
                name(health.state()), health.score(), health.latencyMs(), health.consecutiveFailures(),
                health.consecutiveSuccesses(), health.usageFailures(), health.recent(), health.error(),
                source == ResultSource.PROBE, time, changed, time, proxyId);
        sql.update("INSERT INTO health_log (proxy_id, at, source, state, latency_ms, score, error) VALUES (?, ?, ?, ?, ?, ?, ?)",
                proxyId, time, source.name().toLowerCase(Locale.ROOT), name(health.state()), health.latencyMs(),
                health.score(), health.error());
    }

    /** Counts a reported use into the proxy's statistics. */
    public void countUse(long proxyId, boolean failed) {
        sql.update("UPDATE proxy_health SET uses = uses + 1, use_failures = use_failures + ? WHERE proxy_id = ?",
                failed ? 1 : 0, proxyId);
    }

    /** Where a proxy was last probed, for probing it on demand on any replica. */
    public Optional<ProbeTarget> target(long proxyId) {
        return sql.query("SELECT protocol, host, port, username, password_ciphertext, key_id FROM proxy_health "
                + "WHERE proxy_id = ? AND host IS NOT NULL", rs -> new ProbeTarget(proxyId, Protocol.valueOf(rs.getString(1)),
                rs.getString(2), rs.getInt(3), rs.getString(4), rs.getString(5), rs.getString(6)), proxyId)
                .stream().findFirst();
    }

    /** Forgets a deleted proxy's health (its log ages out with the retention); answers whether it was known. */
    public boolean delete(long proxyId) {
        return 1 == sql.update("DELETE FROM proxy_health WHERE proxy_id = ?", proxyId);
    }

    /** Deletes up to {@code batch} of the log rows older than {@code before}; answers how many. */
    public int purgeLog(Instant before, int batch) {
        return sql.update("DELETE FROM health_log WHERE id IN (SELECT id FROM health_log WHERE at < ? ORDER BY at LIMIT ?)",
                Timestamp.from(before), batch);
    }

    /** The contract's lower-case name of a state. */
    public static String name(HealthState state) {
        return state.name().toLowerCase(Locale.ROOT);
    }

    private static ProxyHealth health(ResultSet rs) throws SQLException {
        return new ProxyHealth(HealthState.valueOf(rs.getString(1).toUpperCase(Locale.ROOT)), rs.getInt(2), rs.getInt(3),
                rs.getInt(4), rs.getString(5), rs.getObject(6, Long.class), rs.getInt(7), rs.getString(8));
    }
}
