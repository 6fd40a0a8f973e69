package dev.proxyfleet.assignment.engine;

import dev.proxyfleet.contracts.AssignmentData;
import dev.proxyfleet.contracts.AssignmentReason;
import dev.proxyfleet.contracts.EventType;
import dev.proxyfleet.messaging.Outbox;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.IntFunction;

/** Every assignment change goes into the history and out as an {@code assignment.*} event, in one transaction. */
@ApplicationScoped
public class Recorder {

    /** Who made a change: the system, or the caller of the REST API. */
    public static final String SYSTEM = "system";

    private final Db db;
    private final Outbox outbox;
    private final AssignmentMetrics metrics;

    public Recorder(Db db, Outbox outbox, AssignmentMetrics metrics) {
        this.db = db;
        this.outbox = outbox;
        this.metrics = metrics;
    }

    /**
     * @param proxyId the proxy the account holds after the change (the one it left, for {@code released})
     */
    public void record(EventType type, String accountId, String modelId, Long proxyId, Long previousProxyId,
            AssignmentReason reason, String actor) {
        Integer count = proxyId == null ? null
                : db.queryOne("SELECT account_count FROM proxy WHERE id = ?", rs -> rs.getInt(1), proxyId).orElse(null);
        recordAll(type, List.of(new AssignmentData(accountId, modelId, proxyId, previousProxyId, reason, count, now())), actor);
    }

    /** Records changes of one type by one actor: one history statement and one outbox batch. */
    public void recordAll(EventType type, List<AssignmentData> changes, String actor) {
        if (changes.isEmpty()) {
            return;
        }
        String action = type.ceType().substring("assignment.".length());
        db.update("INSERT INTO assignment_history (action, actor, account_id, model_id, proxy_id, previous_proxy_id, reason, at) "
                + "SELECT ?, ?, * FROM unnest(?::text[], ?::text[], ?::bigint[], ?::bigint[], ?::text[], ?::timestamptz[])",
                action, actor,
                column(changes, AssignmentData::accountId, String[]::new),
                column(changes, AssignmentData::modelId, String[]::new),
                column(changes, AssignmentData::proxyId, Long[]::new),
                column(changes, AssignmentData::previousProxyId, Long[]::new),
                column(changes, change -> change.reason().name().toLowerCase(Locale.ROOT), String[]::new),
                column(changes, change -> Timestamp.from(change.at()), Timestamp[]::new));
        outbox.appendAll(type, changes);
        metrics.recorded(action, changes);
    }

    /** The time of a change as the events and the history carry it (PostgreSQL keeps microseconds). */
    static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }

    private static <T> T[] column(List<AssignmentData> changes, Function<AssignmentData, T> field, IntFunction<T[]> array) {
        return changes.stream().map(field).toArray(array);
    }
}
