package dev.proxyfleet.health.outage;

import dev.proxyfleet.contracts.ProviderOutageData;
import dev.proxyfleet.messaging.Tx;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;

/** The {@code provider_outage} table, and the count of each provider's failing proxies in {@code proxy_health}. */
@ApplicationScoped
public class OutageStore {

    /** A provider's probed proxies as the judging transaction sees them, and whether it was in outage before. */
    record Count(long providerId, boolean wasInOutage, long enabled, long failing) {

        double failedShare() {
            return enabled == 0 ? 0 : (double) failing / enabled;
        }
    }

    /** A provider whose outage started ({@code inOutage}) or ended, or our egress (down or restored), as published. */
    record Change(ProviderOutageData data, boolean inOutage) {
    }

    private static final String CREATE = "INSERT INTO provider_outage (provider_id) SELECT * FROM unnest($1::bigint[]) "
            + "ON CONFLICT (provider_id) DO NOTHING";
    /** Each provider's proxies are counted in one scan of its rows, probed and failing together. */
    private static final String LOCK_AND_COUNT = "SELECT o.provider_id, o.in_outage, c.probed, c.failing "
            + "FROM provider_outage o CROSS JOIN LATERAL (SELECT count(*) AS probed, "
            + "count(*) FILTER (WHERE p.consecutive_failures > 0) AS failing FROM proxy_health p "
            + "WHERE p.provider_id = o.provider_id AND p.host IS NOT NULL) c "
            + "WHERE o.provider_id = ANY($1) ORDER BY o.provider_id FOR UPDATE OF o";
    /** Our egress's row, with the count over all probed proxies (whatever their provider, or none). */
    private static final String LOCK_AND_COUNT_EGRESS = "SELECT o.provider_id, o.in_outage, c.probed, c.failing "
            + "FROM provider_outage o CROSS JOIN (SELECT count(*) AS probed, "
            + "count(*) FILTER (WHERE p.consecutive_failures > 0) AS failing FROM proxy_health p "
            + "WHERE p.host IS NOT NULL) c WHERE o.provider_id = $1 FOR UPDATE OF o";
    private static final String MARK = "UPDATE provider_outage o SET in_outage = m.in_outage, "
            + "failed_share = m.failed_share, changed_at = m.changed_at FROM unnest($1::bigint[], $2::boolean[], "
            + "$3::float8[], $4::timestamptz[]) AS m (provider_id, in_outage, failed_share, changed_at) "
            + "WHERE o.provider_id = m.provider_id";

    private final Pool pool;

    public OutageStore(Pool pool) {
        this.pool = pool;
    }

    /**
     * Locks the providers' rows until the transaction ends (creating those never judged), in id order so that
     * transactions judging several providers cannot deadlock, and counts their proxies after the lock: a transaction
     * that waited for another sees the probes it committed. Only proxies probed here count (they are enabled: a
     * disabled or deleted proxy's row is deleted), not those known only from usage reports. Our egress
     * ({@link Outages#EGRESS}, the lowest id, so locked first) counts all of them.
     */
    Uni<List<Count>> lockAndCount(Tx tx, SortedSet<Long> providers) {
        Long[] ids = providers.toArray(Long[]::new);
        Long[] providerIds = providers.stream().filter(id -> id != Outages.EGRESS).toArray(Long[]::new);
        return tx.connection().preparedQuery(CREATE).execute(Tuple.of(ids))
                .chain(() -> providers.contains(Outages.EGRESS)
                        ? counts(tx, LOCK_AND_COUNT_EGRESS, Tuple.of(Outages.EGRESS)) : Uni.createFrom().item(List.<Count>of()))
                .chain(egress -> counts(tx, LOCK_AND_COUNT, Tuple.of(providerIds)).map(rest -> {
                    List<Count> counts = new ArrayList<>(egress);
                    counts.addAll(rest);
                    return counts;
                }));
    }

    private static Uni<List<Count>> counts(Tx tx, String query, Tuple arguments) {
        return tx.connection().preparedQuery(query).execute(arguments).map(rows -> {
            List<Count> counts = new ArrayList<>();
            rows.forEach(row -> counts.add(new Count(row.getLong(0), row.getBoolean(1), row.getLong(2), row.getLong(3))));
            return counts;
        });
    }

    /** Stores the providers whose outage started or ended. */
    Uni<Void> mark(Tx tx, List<Change> changes) {
        return tx.connection().preparedQuery(MARK).execute(Tuple.of(
                changes.stream().map(change -> change.data().providerId()).toArray(Long[]::new),
                changes.stream().map(Change::inOutage).toArray(Boolean[]::new),
                changes.stream().map(change -> change.data().failedShare()).toArray(Double[]::new),
                changes.stream().map(change -> OffsetDateTime.ofInstant(change.data().at(), ZoneOffset.UTC))
                        .toArray(OffsetDateTime[]::new))).replaceWithVoid();
    }

    /** Whether each provider ever judged is in outage now, by provider id. */
    Uni<Map<Long, Boolean>> outages() {
        return pool.query("SELECT provider_id, in_outage FROM provider_outage").execute().map(rows -> {
            Map<Long, Boolean> outages = new HashMap<>();
            for (Row row : rows) {
                outages.put(row.getLong(0), row.getBoolean(1));
            }
            return outages;
        });
    }
}
