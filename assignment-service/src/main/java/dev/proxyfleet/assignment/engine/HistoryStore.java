package dev.proxyfleet.assignment.engine;

import dev.proxyfleet.contracts.AssignmentData;
import dev.proxyfleet.contracts.AssignmentReason;
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

    private static final String EXIT_IP_CHANGED = AssignmentReason.EXIT_IP_CHANGED.name().toLowerCase(Locale.ROOT);

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

    /**
     * The audit entry of every account a proxy holds whose exit IP changed under it (action {@code exit-ip-changed}):
     * the account kept its proxy, but the upstream sees it come from another address.
     */
    Uni<Void> appendExitIpChanged(Tx tx, long proxyId, String from, String to) {
        return Statements.update(tx.connection(), "INSERT INTO assignment_history (action, actor, account_id, model_id, "
                + "proxy_id, previous_proxy_id, exit_ip, previous_exit_ip, reason) SELECT 'exit-ip-changed', $1, account_id, "
                + "model_id, proxy_id, proxy_id, $2, $3, $4 FROM account WHERE proxy_id = $5",
                Tuple.from(new Object[] {Recorder.SYSTEM, to, from, EXIT_IP_CHANGED, proxyId}));
    }

    /** Newest first, as the filter asks. */
    public Uni<List<HistoryEntry>> history(HistoryFilter filter, int limit) {
        return new FilteredSelect("SELECT id, account_id, model_id, action, proxy_id, previous_proxy_id, reason, actor, at, "
                + "exit_ip, previous_exit_ip FROM assignment_history WHERE TRUE")
                .and("account_id = ?", filter.accountId())
                .and("(proxy_id = ? OR previous_proxy_id = ?)", filter.proxyId())
                .and("actor = ?", filter.actor()).and("at >= ?", timestamp(filter.during().from()))
                .and("at < ?", timestamp(filter.during().to())).and("id < ?", filter.before())
                .query(pool, "id DESC", limit, row -> new HistoryEntry(row.getLong(0), row.getString(1), row.getString(2),
                        row.getString(3), row.getLong(4), row.getLong(5), row.getString(6), row.getString(7),
                        row.getOffsetDateTime(8).toInstant(), row.getString(9), row.getString(10)));
    }

    private static OffsetDateTime timestamp(Instant instant) {
        return instant == null ? null : OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    private static <T> T[] column(List<AssignmentData> changes, Function<AssignmentData, T> field, IntFunction<T[]> array) {
        return changes.stream().map(field).toArray(array);
    }
}
