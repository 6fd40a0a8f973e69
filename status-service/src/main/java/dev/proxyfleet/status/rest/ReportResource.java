package dev.proxyfleet.status.rest;

import dev.proxyfleet.messaging.Sql;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;

/** Aggregates read from the read model's tables: per provider, per model, and the VPS-proxy-account mapping. */
@Path("/api")
public class ReportResource {

    private final Sql sql;

    public ReportResource(Sql sql) {
        this.sql = sql;
    }

    @GET
    @Path("/providers/stats")
    @Produces(MediaType.APPLICATION_JSON)
    public List<ProviderStats> providers() {
        return sql.query("""
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
                rs -> ProviderStats.of(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), new int[] {rs.getInt(7), rs.getInt(8), rs.getInt(9), rs.getInt(10), rs.getInt(11)},
                        rs.getBigDecimal(6)));
    }

    @GET
    @Path("/models")
    @Produces(MediaType.APPLICATION_JSON)
    public List<ModelStats> models() {
        return sql.query("""
                SELECT model_id, count(DISTINCT proxy_id), count(proxy_id), count(*) FILTER (WHERE pending)
                FROM account WHERE model_id IS NOT NULL GROUP BY model_id ORDER BY model_id""",
                rs -> new ModelStats(rs.getString(1), rs.getInt(2), rs.getInt(3), rs.getInt(4)));
    }

    /** One row per assignment: VPS, proxy, account, model. */
    @GET
    @Path("/exports/mapping.csv")
    @Produces("text/csv")
    public Response mapping() {
        StringBuilder csv = new StringBuilder("vps_id,proxy_id,proxy,account_id,model_id\n");
        sql.query("""
                SELECT p.vps_id, p.id, p.host || ':' || p.port, a.account_id, a.model_id
                FROM account a JOIN proxy p ON p.id = a.proxy_id AND NOT p.deleted
                ORDER BY p.vps_id NULLS LAST, p.id, a.account_id""",
                rs -> csv.append(cell(rs.getString(1))).append(',').append(rs.getLong(2)).append(',')
                        .append(cell(rs.getString(3))).append(',').append(cell(rs.getString(4))).append(',')
                        .append(cell(rs.getString(5))).append('\n'));
        return Response.ok(csv.toString())
                .header("Content-Disposition", "attachment; filename=\"mapping.csv\"").build();
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
