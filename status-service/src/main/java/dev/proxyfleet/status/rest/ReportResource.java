package dev.proxyfleet.status.rest;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** Aggregates read from the read model's tables: per provider, per model, and the VPS-proxy-account mapping. */
@Path("/api")
public class ReportResource {

    private final Pool pool;

    public ReportResource(Pool pool) {
        this.pool = pool;
    }

    @GET
    @Path("/providers/stats")
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<List<ProviderStats>> providers() {
        return query("""
                SELECT pr.id, pr.name, pr.service_type, pr.status, pr.currency, pr.monthly_cost_per_proxy,
                       count(p.id), count(p.id) FILTER (WHERE p.enabled),
                       count(p.id) FILTER (WHERE p.enabled AND h.state = 'healthy'),
                       coalesce(sum(p.max_accounts), 0),
                       coalesce(sum((SELECT count(*) FROM account a WHERE a.proxy_id = p.id)), 0)
                FROM provider pr
                LEFT JOIN proxy p ON p.provider_id = pr.id AND NOT p.deleted
                LEFT JOIN proxy_health h ON h.proxy_id = p.id
                WHERE NOT pr.deleted
                GROUP BY pr.id ORDER BY pr.name, pr.id""",
                row -> ProviderStats.of(row.getLong(0), row.getString(1), row.getString(2), row.getString(3),
                        row.getString(4), new int[] {row.getInteger(6), row.getInteger(7), row.getInteger(8),
                                row.getInteger(9), row.getInteger(10)},
                        row.getBigDecimal(5)));
    }

    @GET
    @Path("/models")
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<List<ModelStats>> models() {
        return query("""
                SELECT model_id, count(DISTINCT proxy_id), count(proxy_id), count(*) FILTER (WHERE pending)
                FROM account WHERE model_id IS NOT NULL GROUP BY model_id ORDER BY model_id""",
                row -> new ModelStats(row.getString(0), row.getInteger(1), row.getInteger(2), row.getInteger(3)));
    }

    /**
     * One row per assignment: the proxy's VPS, the proxy, the account, its model, and the VPS that manages the account
     * (from its {@code account.*} events; empty when they named none). The account's VPS comes last so that readers of
     * the first five columns are unaffected.
     */
    @GET
    @Path("/exports/mapping.csv")
    @Produces("text/csv")
    public Uni<Response> mapping() {
        return query("""
                SELECT p.vps_id::text, p.id, p.host || ':' || p.port, a.account_id, a.model_id, a.vps_id::text
                FROM account a JOIN proxy p ON p.id = a.proxy_id AND NOT p.deleted
                ORDER BY p.vps_id NULLS LAST, p.id, a.account_id""",
                row -> cell(row.getString(0)) + ',' + row.getLong(1) + ',' + cell(row.getString(2)) + ','
                        + cell(row.getString(3)) + ',' + cell(row.getString(4)) + ',' + cell(row.getString(5)) + '\n')
                .map(lines -> Response.ok("vps_id,proxy_id,proxy,account_id,model_id,account_vps_id\n"
                                + String.join("", lines))
                        .header("Content-Disposition", "attachment; filename=\"mapping.csv\"").build());
    }

    private <T> Uni<List<T>> query(String sql, Function<Row, T> read) {
        return pool.preparedQuery(sql).execute().map(rows -> {
            List<T> values = new ArrayList<>(rows.size());
            for (Row row : rows) {
                values.add(read.apply(row));
            }
            return values;
        });
    }

    /** RFC 4180 quoting where needed; an empty cell for null. */
    private static String cell(String value) {
        if (value == null) {
            return "";
        }
        boolean quote = value.contains(",") || value.contains("\"") || value.contains("\n") || value.contains("\r");
        return quote ? '"' + value.replace("\"", "\"\"") + '"' : value;
    }
}
