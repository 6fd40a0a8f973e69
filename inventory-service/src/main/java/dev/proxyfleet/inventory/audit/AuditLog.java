package dev.proxyfleet.inventory.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.proxyfleet.inventory.web.Page;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Reads the audit trail, newest first, one page at a time. */
@ApplicationScoped
public class AuditLog {

    private static final TypeReference<Map<String, Object>> CHANGES = new TypeReference<>() {
    };
    private static final String COLUMNS = "id, at, actor, entity, entity_id, action, changes::text, reason";

    private final Pool pool;
    private final ObjectMapper mapper;

    public AuditLog(Pool pool, ObjectMapper mapper) {
        this.pool = pool;
        this.mapper = mapper;
    }

    public Uni<Page<AuditEntry>> page(AuditFilter filter, int page, int size) {
        List<Object> parameters = new ArrayList<>();
        StringBuilder where = new StringBuilder(" FROM audit_entry WHERE TRUE");
        and(where, parameters, "entity = ", filter.entity());
        and(where, parameters, "entity_id = ", filter.entityId());
        and(where, parameters, "actor = ", filter.actor());
        and(where, parameters, "at >= ", timestamp(filter.during().from()));
        and(where, parameters, "at < ", timestamp(filter.during().to()));
        Tuple conditions = Tuple.wrap(parameters);
        List<Object> paged = new ArrayList<>(parameters);
        paged.add(size);
        paged.add((long) page * size);
        String select = "SELECT " + COLUMNS + where + " ORDER BY at DESC, id DESC LIMIT $" + (paged.size() - 1)
                + " OFFSET $" + paged.size();
        return pool.preparedQuery(select).execute(Tuple.wrap(paged))
                .map(rows -> {
                    List<AuditEntry> entries = new ArrayList<>();
                    rows.forEach(row -> entries.add(entry(row)));
                    return entries;
                })
                .chain(entries -> pool.preparedQuery("SELECT count(*)" + where).execute(conditions)
                        .map(count -> new Page<>(entries, page, size, count.iterator().next().getLong(0))));
    }

    private static void and(StringBuilder where, List<Object> parameters, String condition, Object value) {
        if (value != null) {
            parameters.add(value);
            where.append(" AND ").append(condition).append('$').append(parameters.size());
        }
    }

    private static OffsetDateTime timestamp(Instant instant) {
        return instant == null ? null : OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    private AuditEntry entry(Row row) {
        try {
            return new AuditEntry(row.getLong(0), row.getOffsetDateTime(1).toInstant(), row.getString(2),
                    row.getString(3), row.getString(4), row.getString(5), mapper.readValue(row.getString(6), CHANGES),
                    row.getString(7));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("audit entry " + row.getLong(0) + " holds changes that are not JSON", e);
        }
    }
}
