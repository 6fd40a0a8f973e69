package dev.proxyfleet.status.model;

import dev.proxyfleet.messaging.Sql;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;

/** Reads proxies as the API shows them from the read model's tables. */
@ApplicationScoped
public class ProxyRows {

    private static final String SELECT = """
            SELECT p.id, p.host, p.port, p.protocol, p.provider_id, pr.name, p.location, p.labels, p.priority,
                   p.enabled, coalesce(h.state, 'unknown'), h.latency_ms, h.score,
                   coalesce(h.consecutive_failures, 0), h.checked_at, p.max_accounts, p.vps_id,
                   (SELECT count(*) FROM account a WHERE a.proxy_id = p.id),
                   (SELECT min(a.model_id) FROM account a WHERE a.proxy_id = p.id)
            FROM proxy p
            LEFT JOIN proxy_health h ON h.proxy_id = p.id
            LEFT JOIN provider pr ON pr.id = p.provider_id AND NOT pr.deleted
            WHERE NOT p.deleted""";

    private final Sql sql;

    public ProxyRows(Sql sql) {
        this.sql = sql;
    }

    /** Every proxy that is not deleted. */
    public List<ProxyStatus> all() {
        return sql.query(SELECT, ProxyRows::read);
    }

    /** These proxies, those of them that exist and are not deleted. */
    public List<ProxyStatus> byIds(Collection<Long> ids) {
        return sql.query(SELECT + " AND p.id = ANY(?)", ProxyRows::read, (Object) ids.toArray(Long[]::new));
    }

    private static ProxyStatus read(ResultSet rs) throws SQLException {
        Timestamp checkedAt = rs.getTimestamp(15);
        return new ProxyStatus(rs.getLong(1), rs.getString(2), rs.getInt(3), rs.getString(4),
                rs.getObject(5, Long.class), rs.getString(6), rs.getString(7), labels(rs.getArray(8)), rs.getInt(9),
                rs.getBoolean(10), rs.getString(11), rs.getObject(12, Long.class), rs.getObject(13, Integer.class),
                rs.getInt(14), checkedAt == null ? null : checkedAt.toInstant(), rs.getInt(18), rs.getInt(16),
                rs.getString(19), rs.getObject(17, Long.class));
    }

    private static List<String> labels(Array array) throws SQLException {
        return array == null ? List.of() : Arrays.asList((String[]) array.getArray());
    }
}
