package dev.proxyfleet.health.rest;

import dev.proxyfleet.messaging.Sql;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Reads for the REST API. */
@ApplicationScoped
public class HealthQueries {

    private static final String VIEW = "SELECT proxy_id, state, score, latency_ms, consecutive_failures, last_error, "
            + "last_check_at, changed_at, uses, use_failures FROM proxy_health ";

    private final Sql sql;

    public HealthQueries(Sql sql) {
        this.sql = sql;
    }

    /** Every proxy's health, or those in one state, by proxy id. */
    public List<HealthView> all(String state, int limit) {
        return sql.query(VIEW + "WHERE (CAST(? AS TEXT) IS NULL OR state = ?) ORDER BY proxy_id LIMIT ?",
                HealthQueries::view, state, state, limit);
    }

    /** One proxy's health with its latest log entries. */
    public Optional<HealthView> one(long proxyId, int logEntries) {
        return sql.query(VIEW + "WHERE proxy_id = ?", HealthQueries::view, proxyId).stream().findFirst()
                .map(view -> view.withLog(log(proxyId, logEntries)));
    }

    private List<LogEntry> log(long proxyId, int limit) {
        return sql.query("SELECT at, source, state, latency_ms, score, error FROM health_log WHERE proxy_id = ? "
                + "ORDER BY at DESC, id DESC LIMIT ?", rs -> new LogEntry(instant(rs.getTimestamp(1)), rs.getString(2),
                rs.getString(3), rs.getObject(4, Long.class), rs.getInt(5), rs.getString(6)), proxyId, limit);
    }

    private static HealthView view(ResultSet rs) throws SQLException {
        return new HealthView(rs.getLong(1), rs.getString(2), rs.getInt(3), rs.getObject(4, Long.class), rs.getInt(5),
                rs.getString(6), instant(rs.getTimestamp(7)), instant(rs.getTimestamp(8)), rs.getLong(9), rs.getLong(10), null);
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
