package dev.proxyfleet.health.schedule;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
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

    private final Pool pool;

    public ProxyVersions(Pool pool) {
        this.pool = pool;
    }

    /**
     * Offers a record as the proxy's head and answers the head after the offer: the record itself or a newer one.
     * Each statement commits by itself, and the head is read in a statement of its own, so that it shows a concurrent
     * replica's offer committed meanwhile.
     */
    public Uni<Head> offer(Head record) {
        return pool.preparedQuery("INSERT INTO proxy_inventory_head AS h (" + COLUMNS + ") VALUES ($1, $2, $3, $4) "
                        + "ON CONFLICT (proxy_id) DO UPDATE SET version = GREATEST(h.version, excluded.version), "
                        + "partition_no = excluded.partition_no, deleted = excluded.deleted "
                        + "WHERE NOT h.deleted AND (excluded.deleted OR excluded.version > h.version)")
                .execute(Tuple.of(record.proxyId(), record.version(), record.partition(), record.deleted()))
                .chain(() -> pool.preparedQuery("SELECT " + COLUMNS + " FROM proxy_inventory_head WHERE proxy_id = $1")
                        .execute(Tuple.of(record.proxyId())))
                .map(rows -> {
                    if (rows.size() == 0) {
                        throw new IllegalStateException("no head for proxy " + record.proxyId());
                    }
                    return head(rows.iterator().next());
                });
    }

    /** The heads of these proxies that are no longer the records held: newer ones elsewhere, or deletions. */
    public Uni<List<Head>> superseded(Collection<Head> held) {
        return pool.preparedQuery("SELECT h.proxy_id, h.version, h.partition_no, h.deleted FROM proxy_inventory_head h "
                        + "JOIN unnest($1::bigint[], $2::int[], $3::bigint[]) AS held (proxy_id, partition_no, version) "
                        + "ON held.proxy_id = h.proxy_id "
                        + "WHERE h.deleted OR h.partition_no <> held.partition_no OR h.version <> held.version")
                .execute(Tuple.of(held.stream().map(Head::proxyId).toArray(Long[]::new),
                        held.stream().map(Head::partition).toArray(Integer[]::new),
                        held.stream().map(Head::version).toArray(Long[]::new)))
                .map(rows -> {
                    List<Head> heads = new ArrayList<>();
                    rows.forEach(row -> heads.add(head(row)));
                    return heads;
                });
    }

    private static Head head(Row row) {
        return new Head(row.getLong("proxy_id"), row.getInteger("partition_no"), row.getLong("version"),
                row.getBoolean("deleted"));
    }
}
