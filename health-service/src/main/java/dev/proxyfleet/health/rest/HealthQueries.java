package dev.proxyfleet.health.rest;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/** Reads for the REST API. */
@ApplicationScoped
public class HealthQueries {

    private static final String VIEW = "SELECT proxy_id, state, score, latency_ms, consecutive_failures, last_error, "
            + "last_check_at, changed_at, exit_ip, exit_ip_changed_at, uses, use_failures FROM proxy_health ";

    private final Pool pool;

    public HealthQueries(Pool pool) {
        this.pool = pool;
    }

    /** Every proxy's health, or those in one state, by proxy id. */
    public Uni<List<HealthView>> all(String state, int limit) {
        return pool.preparedQuery(VIEW + "WHERE ($1::text IS NULL OR state = $1) ORDER BY proxy_id LIMIT $2")
                .execute(Tuple.of(state, limit)).map(rows -> list(rows, HealthQueries::view));
    }

    /** One proxy's health with its latest log entries, of one source ({@code probe}, {@code usage}) or of both (null). */
    public Uni<Optional<HealthView>> one(long proxyId, String source, int logEntries) {
        return pool.preparedQuery(VIEW + "WHERE proxy_id = $1").execute(Tuple.of(proxyId))
                .chain(rows -> rows.size() == 0 ? Uni.createFrom().item(Optional.<HealthView>empty())
                        : log(proxyId, source, logEntries)
                                .map(log -> Optional.of(view(rows.iterator().next()).withLog(log))));
    }

    private Uni<List<LogEntry>> log(long proxyId, String source, int limit) {
        return pool.preparedQuery("SELECT at, source, state, latency_ms, score, error FROM health_log WHERE proxy_id = $1 "
                        + "AND ($2::text IS NULL OR source = $2) ORDER BY at DESC, id DESC LIMIT $3")
                .execute(Tuple.of(proxyId, source, limit))
                .map(rows -> list(rows, row -> new LogEntry(instant(row.getOffsetDateTime(0)), row.getString(1),
                        row.getString(2), row.getLong(3), row.getInteger(4), row.getString(5))));
    }

    private static <T> List<T> list(RowSet<Row> rows, Function<Row, T> mapper) {
        List<T> list = new ArrayList<>(rows.size());
        rows.forEach(row -> list.add(mapper.apply(row)));
        return list;
    }

    private static HealthView view(Row row) {
        return new HealthView(row.getLong(0), row.getString(1), row.getInteger(2), row.getLong(3), row.getInteger(4),
                row.getString(5), instant(row.getOffsetDateTime(6)), instant(row.getOffsetDateTime(7)), row.getString(8),
                instant(row.getOffsetDateTime(9)), row.getLong(10), row.getLong(11), null);
    }

    private static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }
}
