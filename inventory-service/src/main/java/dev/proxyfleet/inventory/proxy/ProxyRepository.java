package dev.proxyfleet.inventory.proxy;

import dev.proxyfleet.inventory.IdSequence;
import dev.proxyfleet.web.InvalidFieldException;
import io.quarkus.hibernate.reactive.panache.PanacheQuery;
import io.quarkus.hibernate.reactive.panache.PanacheRepository;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Queries over proxies. */
@ApplicationScoped
public class ProxyRepository implements PanacheRepository<Proxy> {

    private static final Set<String> SORTABLE = Set.of(
            "id", "host", "port", "protocol", "priority", "location", "enabled", "maxAccounts", "createdAt", "updatedAt");

    /** An id for a new proxy, in the current session: a password is encrypted for its proxy's id. */
    public Uni<Long> nextId() {
        return IdSequence.next("proxy");
    }

    /** The proxy with this endpoint, or null; hosts are stored lower-case and "no username" is one value. */
    public Uni<Proxy> findByEndpoint(String host, int port, String username) {
        return find("host = ?1 and port = ?2 and coalesce(username, '') = ?3", host, port, username == null ? "" : username)
                .firstResult();
    }

    /** A filtered, sorted query; the caller pages it. */
    public PanacheQuery<Proxy> search(ProxyFilter filter, String sort) {
        List<String> where = new ArrayList<>();
        Parameters parameters = new Parameters();
        if (filter.providerId() != null) {
            where.add("providerId = :providerId");
            parameters.and("providerId", filter.providerId());
        }
        if (filter.enabled() != null) {
            where.add("enabled = :enabled");
            parameters.and("enabled", filter.enabled());
        }
        if (filter.protocol() != null) {
            where.add("protocol = :protocol");
            parameters.and("protocol", filter.protocol());
        }
        if (filter.location() != null) {
            where.add("lower(location) = :location");
            parameters.and("location", filter.location().toLowerCase(Locale.ROOT));
        }
        if (filter.label() != null) {
            where.add("array_contains(labels, :label)");
            parameters.and("label", filter.label());
        }
        if (filter.q() != null && !filter.q().isBlank()) {
            where.add("(lower(host) like :q or lower(location) like :q or lower(notes) like :q)");
            parameters.and("q", "%" + filter.q().toLowerCase(Locale.ROOT) + "%");
        }
        String query = where.isEmpty() ? "" : String.join(" and ", where);
        return find(query, parseSort(sort), parameters);
    }

    /** How many proxies, and how many enabled ones, a provider has. */
    public record Counts(long proxies, long enabled) {
        public static final Counts NONE = new Counts(0, 0);
    }

    /** Proxy counts per provider id. */
    public Uni<Map<Long, Counts>> countsByProvider() {
        return getSession().chain(session -> session
                .createSelectionQuery("select providerId, count(*), sum(case when enabled then 1 else 0 end) from Proxy "
                        + "where providerId is not null group by providerId", Object[].class)
                .getResultList())
                .map(rows -> {
                    Map<Long, Counts> counts = new HashMap<>();
                    for (Object[] row : rows) {
                        counts.put((Long) row[0], new Counts(((Number) row[1]).longValue(), ((Number) row[2]).longValue()));
                    }
                    return counts;
                });
    }

    /**
     * Parses {@code field,-otherField}: a leading {@code -} sorts descending. Ties are broken by id so pages are
     * stable.
     */
    static Sort parseSort(String sort) {
        Sort result = null;
        if (sort != null && !sort.isBlank()) {
            for (String part : sort.split(",")) {
                String trimmed = part.trim();
                boolean descending = trimmed.startsWith("-");
                String field = descending ? trimmed.substring(1) : trimmed;
                if (!SORTABLE.contains(field)) {
                    throw new InvalidFieldException("sort", "cannot sort by '" + field + "'; sortable fields are " + SORTABLE);
                }
                Sort.Direction direction = descending ? Sort.Direction.Descending : Sort.Direction.Ascending;
                result = result == null ? Sort.by(field, direction) : result.and(field, direction);
            }
        }
        return result == null ? Sort.by("id") : result.and("id");
    }
}
