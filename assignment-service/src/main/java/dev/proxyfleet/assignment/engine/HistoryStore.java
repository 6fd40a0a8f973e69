package dev.proxyfleet.assignment.engine;

import dev.proxyfleet.contracts.AssignmentData;
import dev.proxyfleet.messaging.Tx;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.IntFunction;

/** The {@code assignment_history} table: every assignment change, with why and who (the assignments' audit trail). */
@ApplicationScoped
public class HistoryStore {

    private final Pool pool;

    public HistoryStore(Pool pool) {
        this.pool = pool;
    }

    /** Appends changes of one action by one actor in one statement. */
    Uni<Void> appendAll(Tx tx, String action, String actor, List<AssignmentData> changes) {
        return Statements.update(tx.connection(), "INSERT INTO assignment_history "
                + "(action, actor, account_id, model_id, proxy_id, previous_proxy_id, reason, at) SELECT $1::text, $2::text, * "
                + "FROM unnest($3::text[], $4::text[], $5::bigint[], $6::bigint[], $7::text[], $8::timestamptz[])",
                Tuple.from(new Object[] {action, actor,
                    column(changes, AssignmentData::accountId, String[]::new),
                    column(changes, AssignmentData::modelId, String[]::new),
                    column(changes, AssignmentData::proxyId, Long[]::new),
                    column(changes, AssignmentData::previousProxyId, Long[]::new),
                    column(changes, change -> change.reason().name().toLowerCase(Locale.ROOT), String[]::new),
                    column(changes, change -> OffsetDateTime.ofInstant(change.at(), ZoneOffset.UTC), OffsetDateTime[]::new)}));
    }

    /** Newest first, as the filter asks. */
    public Uni<List<HistoryEntry>> history(HistoryFilter filter, int limit) {
        return new FilteredSelect("SELECT id, account_id, model_id, action, proxy_id, previous_proxy_id, reason, actor, at "
                + "FROM assignment_history WHERE TRUE")
                .and("account_id = ?", filter.accountId())
                .and("(proxy_id = ? OR previous_proxy_id = ?)", filter.proxyId())
                .and("actor = ?", filter.actor()).and("at >= ?", timestamp(filter.during().from()))
                .and("at < ?", timestamp(filter.during().to())).and("id < ?", filter.before())
                .query(pool, "id DESC", limit, row -> new HistoryEntry(row.getLong(0), row.getString(1), row.getString(2),
                        row.getString(3), row.getLong(4), row.getLong(5), row.getString(6), row.getString(7),
                        row.getOffsetDateTime(8).toInstant()));
    }

    private static OffsetDateTime timestamp(Instant instant) {
        return instant == null ? null : OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    private static <T> T[] column(List<AssignmentData> changes, Function<AssignmentData, T> field, IntFunction<T[]> array) {
        return changes.stream().map(field).toArray(array);
    }
}
