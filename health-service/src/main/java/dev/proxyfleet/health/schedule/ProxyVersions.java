package dev.proxyfleet.health.schedule;

import dev.proxyfleet.messaging.Sql;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;

/**
 * The newest record of each proxy on {@code proxy-inventory} across all its partitions, in PostgreSQL shared by the
 * replicas ({@code proxy_inventory_head}). Each replica reads only the partitions it owns, so only a store that all of
 * them write can tell the owner of an old partition that a newer record of its proxy landed in another partition
 * (which happens for every proxy whose key hashes elsewhere once partitions are added). A record becomes the head when
 * its version is higher than the head's; at an equal version the first partition keeps it, so exactly one partition
 * (and so one owner) has it. A deletion ({@code proxy.deleted} or a tombstone, which carries no version) is the head
 * for good: inventory never reuses a proxy id.
 */
@ApplicationScoped
public class ProxyVersions {

    /** A proxy's newest record: where it sits and what it says. */
    public record Head(long proxyId, int partition, long version, boolean deleted) {
    }

    private static final String COLUMNS = "proxy_id, version, partition_no, deleted";

    private final Sql sql;

    public ProxyVersions(Sql sql) {
        this.sql = sql;
    }

    /**
     * Offers a record as the proxy's head and answers the head after the offer: the record itself or a newer one.
     * The head is read in a statement of its own, so that it shows a concurrent replica's offer committed meanwhile.
     */
    public Head offer(Head record) {
        sql.update("INSERT INTO proxy_inventory_head AS h (" + COLUMNS + ") VALUES (?, ?, ?, ?) "
                + "ON CONFLICT (proxy_id) DO UPDATE SET version = GREATEST(h.version, excluded.version), "
                + "partition_no = excluded.partition_no, deleted = excluded.deleted "
                + "WHERE NOT h.deleted AND (excluded.deleted OR excluded.version > h.version)",
                record.proxyId(), record.version(), record.partition(), record.deleted());
        return sql.queryOne("SELECT " + COLUMNS + " FROM proxy_inventory_head WHERE proxy_id = ?", ProxyVersions::head,
                record.proxyId()).orElseThrow(() -> new IllegalStateException("no head for proxy " + record.proxyId()));
    }

    /** The heads of these proxies that are no longer the records held: newer ones elsewhere, or deletions. */
    public List<Head> superseded(Collection<Head> held) {
        return sql.query("SELECT h.proxy_id, h.version, h.partition_no, h.deleted FROM proxy_inventory_head h "
                + "JOIN unnest(?, ?, ?) AS held (proxy_id, partition_no, version) ON held.proxy_id = h.proxy_id "
                + "WHERE h.deleted OR h.partition_no <> held.partition_no OR h.version <> held.version",
                ProxyVersions::head, held.stream().map(Head::proxyId).toArray(Long[]::new),
                held.stream().map(h -> (long) h.partition()).toArray(Long[]::new),
                held.stream().map(Head::version).toArray(Long[]::new));
    }

    private static Head head(ResultSet rs) throws SQLException {
        return new Head(rs.getLong("proxy_id"), rs.getInt("partition_no"), rs.getLong("version"), rs.getBoolean("deleted"));
    }
}
