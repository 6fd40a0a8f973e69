package dev.proxyfleet.health.state;

import dev.proxyfleet.contracts.HealthState;
import dev.proxyfleet.contracts.HealthStateData;
import dev.proxyfleet.contracts.Protocol;
import dev.proxyfleet.contracts.UsageData;
import dev.proxyfleet.contracts.UsageOutcome;
import dev.proxyfleet.health.probe.ProbeTarget;
import dev.proxyfleet.health.state.StatePublication.Published;
import dev.proxyfleet.messaging.Tx;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.IntFunction;

/**
 * The {@code proxy_health} and {@code health_log} tables: one row per proxy, one log row per result. The writes of a
 * batch of results are set-wise, a constant number of statements whatever the batch's size: the rows travel as arrays
 * and {@code unnest} turns them back into rows.
 */
@ApplicationScoped
public class HealthStore {

    private static final String HEALTH_COLUMNS = "proxy_id, state, consecutive_failures, consecutive_successes, "
            + "usage_failures, recent, latency_ms, score, last_error, state_published_at, state_published_score, exit_ip, "
            + "exit_ip_changed_at, provider_id";

    private static final String LOCK_FOR_PROBES = "INSERT INTO proxy_health "
            + "(proxy_id, protocol, host, port, username, password_ciphertext, key_id, provider_id) "
            + "SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::int[], $5::text[], $6::text[], $7::text[], "
            + "$8::bigint[]) ON CONFLICT (proxy_id) DO UPDATE SET protocol = excluded.protocol, host = excluded.host, "
            + "port = excluded.port, username = excluded.username, password_ciphertext = excluded.password_ciphertext, "
            + "key_id = excluded.key_id, provider_id = excluded.provider_id RETURNING " + HEALTH_COLUMNS;

    private static final String LOCK_FOR_USES = "INSERT INTO proxy_health (proxy_id, uses, use_failures) "
            + "SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::bigint[]) ON CONFLICT (proxy_id) DO UPDATE SET "
            + "uses = proxy_health.uses + excluded.uses, use_failures = proxy_health.use_failures + excluded.use_failures "
            + "RETURNING " + HEALTH_COLUMNS;

    private static final String UPDATE = "UPDATE proxy_health p SET state = r.state, score = r.score, "
            + "latency_ms = r.latency_ms, consecutive_failures = r.failures, consecutive_successes = r.successes, "
            + "usage_failures = r.usage_failures, recent = r.recent, last_error = r.error, "
            + "last_check_at = COALESCE(r.checked_at, p.last_check_at), changed_at = COALESCE(r.changed_at, p.changed_at), "
            + "state_published_at = COALESCE(r.published_at, p.state_published_at), "
            + "state_published_score = COALESCE(r.published_score, p.state_published_score), exit_ip = r.exit_ip, "
            + "exit_ip_changed_at = r.exit_ip_changed_at "
            + "FROM unnest($1::bigint[], $2::text[], $3::int[], $4::bigint[], $5::int[], $6::int[], $7::int[], $8::text[], "
            + "$9::text[], $10::timestamptz[], $11::timestamptz[], $12::timestamptz[], $13::int[], $14::text[], "
            + "$15::timestamptz[]) AS r (proxy_id, state, score, latency_ms, failures, successes, usage_failures, recent, "
            + "error, checked_at, changed_at, published_at, published_score, exit_ip, exit_ip_changed_at) "
            + "WHERE p.proxy_id = r.proxy_id";

    private static final String LOG = "INSERT INTO health_log (proxy_id, at, source, state, latency_ms, score, error) "
            + "SELECT * FROM unnest($1::bigint[], $2::timestamptz[], $3::text[], $4::text[], $5::bigint[], $6::int[], "
            + "$7::text[])";

    /**
     * A proxy's row after a batch of results: its last health, when it was last probed and last changed state, its
     * last record on {@code proxy-health-state} (null when the batch published none), and its exit IP.
     */
    record Latest(long proxyId, ProxyHealth health, Instant checkedAt, Instant changedAt, Published published,
            ExitIp exitIp) {
    }

    /**
     * The locked rows: each proxy's health, its last record on {@code proxy-health-state} (absent: none yet), its
     * exit IP, and its provider (absent: none, or not known yet).
     */
    public record Locked(Map<Long, ProxyHealth> health, Map<Long, Published> published, Map<Long, ExitIp> exitIps,
            Map<Long, Long> providers) {
    }

    private final Pool pool;

    public HealthStore(Pool pool) {
        this.pool = pool;
    }

    /**
     * Stores where the proxies are now and locks their rows until the transaction ends (creating those never probed);
     * answers their health by proxy id. A proxy listed twice keeps its last target.
     */
    public Uni<Locked> lockForProbes(Tx tx, List<ProbeTarget> targets) {
        Collection<ProbeTarget> rows = inLockOrder(targets, ProbeTarget::id);
        return locked(tx, LOCK_FOR_PROBES, Tuple.from(new Object[] {column(rows, ProbeTarget::id, Long[]::new),
                column(rows, target -> target.protocol().name(), String[]::new),
                column(rows, ProbeTarget::host, String[]::new), column(rows, ProbeTarget::port, Integer[]::new),
                column(rows, ProbeTarget::username, String[]::new),
                column(rows, ProbeTarget::passwordCiphertext, String[]::new),
                column(rows, ProbeTarget::keyId, String[]::new), column(rows, ProbeTarget::providerId, Long[]::new)}));
    }

    /**
     * Counts the reported uses into their proxies' statistics and locks the proxies' rows until the transaction ends
     * (creating those never probed); answers their health by proxy id.
     */
    public Uni<Locked> lockForUses(Tx tx, List<UsageData> uses) {
        // Sorted by proxy id, like inLockOrder.
        Map<Long, long[]> counts = new TreeMap<>();
        for (UsageData use : uses) {
            long[] count = counts.computeIfAbsent(use.proxyId(), id -> new long[2]);
            count[0]++;
            count[1] += use.outcome() == UsageOutcome.FAILURE ? 1 : 0;
        }
        Collection<Map.Entry<Long, long[]>> rows = counts.entrySet();
        return locked(tx, LOCK_FOR_USES, Tuple.of(column(rows, Map.Entry::getKey, Long[]::new),
                column(rows, row -> row.getValue()[0], Long[]::new), column(rows, row -> row.getValue()[1], Long[]::new)));
    }

    /**
     * Saves the locked proxies' new health and the records published of it, and logs every result. The two statements
     * go out together, pipelined on the transaction's connection.
     */
    public Uni<Void> save(Tx tx, List<AppliedResult> results, List<HealthStateData> published) {
        Collection<Latest> rows = latest(results, published);
        Uni<RowSet<Row>> updated = tx.connection().preparedQuery(UPDATE).execute(Tuple.from(new Object[] {
                column(rows, Latest::proxyId, Long[]::new), column(rows, row -> name(row.health().state()), String[]::new),
                column(rows, row -> row.health().score(), Integer[]::new),
                column(rows, row -> row.health().latencyMs(), Long[]::new),
                column(rows, row -> row.health().consecutiveFailures(), Integer[]::new),
                column(rows, row -> row.health().consecutiveSuccesses(), Integer[]::new),
                column(rows, row -> row.health().usageFailures(), Integer[]::new),
                column(rows, row -> row.health().recent(), String[]::new),
                column(rows, row -> row.health().error(), String[]::new),
                column(rows, row -> time(row.checkedAt()), OffsetDateTime[]::new),
                column(rows, row -> time(row.changedAt()), OffsetDateTime[]::new),
                column(rows, row -> row.published() == null ? null : time(row.published().at()), OffsetDateTime[]::new),
                column(rows, row -> row.published() == null ? null : row.published().score(), Integer[]::new),
                column(rows, row -> row.exitIp().address(), String[]::new),
                column(rows, row -> time(row.exitIp().changedAt()), OffsetDateTime[]::new)}));
        Uni<RowSet<Row>> logged = tx.connection().preparedQuery(LOG).execute(Tuple.from(new Object[] {
                column(results, AppliedResult::proxyId, Long[]::new),
                column(results, result -> time(result.at()), OffsetDateTime[]::new),
                column(results, result -> result.source().name().toLowerCase(Locale.ROOT), String[]::new),
                column(results, result -> name(result.after().state()), String[]::new),
                column(results, result -> result.after().latencyMs(), Long[]::new),
                column(results, result -> result.after().score(), Integer[]::new),
                column(results, result -> result.after().error(), String[]::new)}));
        return Uni.combine().all().unis(updated, logged).discardItems();
    }

    /** Where a proxy was last probed, for probing it on demand on any replica. */
    public Uni<Optional<ProbeTarget>> target(long proxyId) {
        return pool.preparedQuery("SELECT protocol, host, port, username, password_ciphertext, key_id, provider_id FROM proxy_health "
                        + "WHERE proxy_id = $1 AND host IS NOT NULL").execute(Tuple.of(proxyId))
                .map(rows -> rows.size() == 0 ? Optional.<ProbeTarget>empty() : Optional.of(target(proxyId, rows.iterator().next())));
    }

    /** Forgets a deleted proxy's health (its log ages out with the retention); answers whether it had any. */
    public Uni<Boolean> delete(Tx tx, long proxyId) {
        return tx.connection().preparedQuery("DELETE FROM proxy_health WHERE proxy_id = $1").execute(Tuple.of(proxyId))
                .map(rows -> rows.rowCount() > 0);
    }

    /** Deletes up to {@code batch} of the log rows older than {@code before}; answers how many. */
    public Uni<Integer> purgeLog(Tx tx, Instant before, int batch) {
        return tx.connection().preparedQuery("DELETE FROM health_log WHERE id IN "
                        + "(SELECT id FROM health_log WHERE at < $1 ORDER BY at LIMIT $2)")
                .execute(Tuple.of(time(before), batch)).map(RowSet::rowCount);
    }

    /** How many proxies are in each state, by the state's {@linkplain #name name}. */
    public Uni<Map<String, Long>> countByState() {
        return pool.query("SELECT state, count(*) FROM proxy_health GROUP BY state").execute().map(rows -> {
            Map<String, Long> counts = new HashMap<>();
            rows.forEach(row -> counts.put(row.getString(0), row.getLong(1)));
            return counts;
        });
    }

    /** The contract's lower-case name of a state. */
    public static String name(HealthState state) {
        return state.name().toLowerCase(Locale.ROOT);
    }

    /** The rows of {@link #save}: each proxy once, as its last result and its last published record left it. */
    static Collection<Latest> latest(List<AppliedResult> results, List<HealthStateData> published) {
        Map<Long, Published> lastPublished = new HashMap<>();
        published.forEach(state -> lastPublished.put(state.proxyId(), new Published(state.at(), state.score())));
        Map<Long, Latest> rows = new LinkedHashMap<>();
        for (AppliedResult result : results) {
            Latest before = rows.getOrDefault(result.proxyId(), new Latest(result.proxyId(), null, null, null, null, null));
            rows.put(result.proxyId(), new Latest(result.proxyId(), result.after(),
                    result.source() == ResultSource.PROBE ? result.at() : before.checkedAt(),
                    result.changed() ? result.at() : before.changedAt(), lastPublished.get(result.proxyId()),
                    result.exitIp()));
        }
        return rows.values();
    }

    /**
     * Each proxy once (the last of its items), ordered by proxy id: transactions that lock rows in one order cannot
     * deadlock over them, whichever replica or consumer runs them.
     */
    private static <T> Collection<T> inLockOrder(List<T> items, Function<T, Long> proxyId) {
        Map<Long, T> byId = new TreeMap<>();
        items.forEach(item -> byId.put(proxyId.apply(item), item));
        return byId.values();
    }

    private static Uni<Locked> locked(Tx tx, String lock, Tuple rows) {
        return tx.connection().preparedQuery(lock).execute(rows).map(locked -> {
            Map<Long, ProxyHealth> health = new HashMap<>();
            Map<Long, Published> published = new HashMap<>();
            Map<Long, ExitIp> exitIps = new HashMap<>();
            Map<Long, Long> providers = new HashMap<>();
            locked.forEach(row -> {
                health.put(row.getLong(0), health(row));
                exitIps.put(row.getLong(0), new ExitIp(row.getString(11), instant(row.getOffsetDateTime(12))));
                Long provider = row.getLong(13);
                if (provider != null) {
                    providers.put(row.getLong(0), provider);
                }
                OffsetDateTime publishedAt = row.getOffsetDateTime(9);
                if (publishedAt != null) {
                    published.put(row.getLong(0), new Published(publishedAt.toInstant(), row.getInteger(10)));
                }
            });
            return new Locked(health, published, exitIps, providers);
        });
    }

    private static <T, C> C[] column(Collection<T> rows, Function<T, C> value, IntFunction<C[]> array) {
        return rows.stream().map(value).toArray(array);
    }

    private static OffsetDateTime time(Instant instant) {
        return instant == null ? null : OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    private static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }

    private static ProbeTarget target(long proxyId, Row row) {
        return new ProbeTarget(proxyId, Protocol.valueOf(row.getString(0)), row.getString(1), row.getInteger(2),
                row.getString(3), row.getString(4), row.getString(5), row.getLong(6));
    }

    private static ProxyHealth health(Row row) {
        return new ProxyHealth(HealthState.valueOf(row.getString(1).toUpperCase(Locale.ROOT)), row.getInteger(2),
                row.getInteger(3), row.getInteger(4), row.getString(5), row.getLong(6), row.getInteger(7),
                row.getString(8));
    }
}
