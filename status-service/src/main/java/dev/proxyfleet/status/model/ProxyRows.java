package dev.proxyfleet.status.model;

import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;

/**
 * Reads proxies as the API shows them from the read model's tables, but for their exit country, which the model adds
 * ({@code LocationCheck}).
 */
@ApplicationScoped
public class ProxyRows {

    private static final String SELECT = """
            SELECT p.id, p.host, p.port, p.protocol, p.provider_id, pr.name, p.location, p.labels, p.priority,
                   p.enabled, coalesce(h.state, 'unknown'), h.latency_ms, h.score,
                   coalesce(h.consecutive_failures, 0), h.checked_at, p.max_accounts, p.vps_id,
                   (SELECT count(*) FROM account a WHERE a.proxy_id = p.id),
                   (SELECT min(a.model_id) FROM account a WHERE a.proxy_id = p.id),
                   p.max_keys,
                   (SELECT json_agg(json_build_array(k.id, k.name, k.pool,
                                    floor(extract(epoch FROM k.exhausted_until) * 1000)::bigint) ORDER BY k.id)
                    FROM api_key k WHERE k.proxy_id = p.id AND NOT k.deleted),
                   h.error,
                   (SELECT max(a.changed_at) FROM account a WHERE a.proxy_id = p.id),
                   coalesce(u.uses, 0), coalesce(u.failures, 0), u.last_used_at, h.exit_ip, h.exit_ip_changed_at
            FROM proxy p
            LEFT JOIN proxy_health h ON h.proxy_id = p.id
            LEFT JOIN proxy_usage u ON u.proxy_id = p.id
            LEFT JOIN provider pr ON pr.id = p.provider_id AND NOT pr.deleted
            WHERE NOT p.deleted""";

    private final Pool pool;

    public ProxyRows(Pool pool) {
        this.pool = pool;
    }

    /** Every proxy that is not deleted. */
    public Uni<List<ProxyStatus>> all() {
        return pool.preparedQuery(SELECT).execute().map(ProxyRows::read);
    }

    /** These proxies, those of them that exist and are not deleted. */
    public Uni<List<ProxyStatus>> byIds(Collection<Long> ids) {
        return pool.preparedQuery(SELECT + " AND p.id = ANY($1)").execute(Tuple.of(ids.toArray(Long[]::new)))
                .map(ProxyRows::read);
    }

    /** The providers in outage now, by provider id. */
    public Uni<List<ProviderOutage>> outages() {
        return pool.preparedQuery("""
                SELECT o.provider_id, pr.name, o.failed_share, o.at FROM provider_outage o
                LEFT JOIN provider pr ON pr.id = o.provider_id AND NOT pr.deleted
                WHERE o.in_outage ORDER BY o.provider_id""").execute().map(rows -> {
                    List<ProviderOutage> outages = new ArrayList<>(rows.size());
                    rows.forEach(row -> outages.add(new ProviderOutage(row.getLong(0), row.getString(1),
                            row.getDouble(2), row.getOffsetDateTime(3).toInstant())));
                    return outages;
                });
    }

    private static List<ProxyStatus> read(RowSet<Row> rows) {
        List<ProxyStatus> proxies = new ArrayList<>(rows.size());
        for (Row row : rows) {
            proxies.add(read(row));
        }
        return proxies;
    }

    private static ProxyStatus read(Row row) {
        OffsetDateTime checkedAt = row.getOffsetDateTime(14);
        OffsetDateTime lastAssignedAt = row.getOffsetDateTime(22);
        OffsetDateTime lastUsedAt = row.getOffsetDateTime(25);
        OffsetDateTime exitIpChangedAt = row.getOffsetDateTime(27);
        String[] labels = row.getArrayOfStrings(7);
        List<KeyStatus> keys = keys(row.getJsonArray(20));
        return new ProxyStatus(row.getLong(0), row.getString(1), row.getInteger(2), row.getString(3), row.getLong(4),
                row.getString(5), row.getString(6), labels == null ? List.of() : Arrays.asList(labels),
                row.getInteger(8), row.getBoolean(9), row.getString(10), row.getLong(11), row.getInteger(12),
                row.getInteger(13), row.getString(21), checkedAt == null ? null : checkedAt.toInstant(),
                row.getString(26), exitIpChangedAt == null ? null : exitIpChangedAt.toInstant(), null, null,
                row.getInteger(17), row.getInteger(15), row.getString(18), row.getLong(16),
                lastAssignedAt == null ? null : lastAssignedAt.toInstant(), row.getLong(23), row.getLong(24),
                lastUsedAt == null ? null : lastUsedAt.toInstant(), keys.size(), row.getInteger(19), keys);
    }

    /** The keys of a proxy from their JSON rows {@code [id, name, pool, exhausted until in epoch ms or null]}. */
    private static List<KeyStatus> keys(JsonArray rows) {
        if (rows == null) {
            return List.of();
        }
        List<KeyStatus> keys = new ArrayList<>(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            JsonArray key = rows.getJsonArray(i);
            Long until = key.getLong(3);
            keys.add(new KeyStatus(key.getLong(0), key.getString(1), key.getString(2),
                    until == null ? null : Instant.ofEpochMilli(until)));
        }
        return List.copyOf(keys);
    }
}
