package dev.proxyfleet.assignment.rest;

import dev.proxyfleet.assignment.engine.Account;
import dev.proxyfleet.assignment.engine.Db;
import dev.proxyfleet.assignment.engine.Placement;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Read-only views over accounts, proxies and the history. */
@ApplicationScoped
public class AssignmentQueries {

    private final Db db;

    public AssignmentQueries(Db db) {
        this.db = db;
    }

    public Optional<AssignmentView> account(String accountId) {
        return db.queryOne("SELECT " + Account.COLUMNS + " FROM account WHERE account_id = ?", AssignmentQueries::view, accountId);
    }

    /** Bound accounts, optionally only those of one proxy, model or account. */
    public List<AssignmentView> assignments(Long proxyId, String modelId, String accountId, int limit) {
        List<Object> parameters = new ArrayList<>();
        StringBuilder sql = new StringBuilder("SELECT " + Account.COLUMNS + " FROM account WHERE proxy_id IS NOT NULL");
        filter(sql, parameters, "proxy_id", proxyId);
        filter(sql, parameters, "model_id", modelId);
        filter(sql, parameters, "account_id", accountId);
        sql.append(" ORDER BY proxy_id, account_id LIMIT ?");
        parameters.add(limit);
        return db.query(sql.toString(), AssignmentQueries::view, parameters.toArray());
    }

    /** Accounts waiting for capacity, oldest first (the order they will be served in). */
    public List<AssignmentView> pending(int limit) {
        return db.query("SELECT " + Account.COLUMNS + " FROM account WHERE pending_since IS NOT NULL "
                + "ORDER BY pending_since, account_id LIMIT ?", AssignmentQueries::view, limit);
    }

    /** Proxies that could take an account of this model now, in no particular policy order. */
    public List<AvailableProxy> available(String modelId) {
        return db.query("SELECT id, account_count, max_accounts, model_id, health, priority, location FROM proxy "
                + "WHERE " + Placement.ELIGIBLE + " AND (model_id IS NULL OR model_id = ?) ORDER BY priority, id",
                rs -> new AvailableProxy(rs.getLong(1), rs.getInt(2), rs.getInt(3), rs.getString(4), rs.getString(5),
                        rs.getInt(6), rs.getString(7)), modelId);
    }

    /** Newest first. */
    public List<HistoryEntry> history(String accountId, Long proxyId, int limit) {
        List<Object> parameters = new ArrayList<>();
        StringBuilder sql = new StringBuilder("SELECT id, account_id, model_id, action, proxy_id, previous_proxy_id, reason, actor, at "
                + "FROM assignment_history WHERE TRUE");
        filter(sql, parameters, "account_id", accountId);
        if (proxyId != null) {
            sql.append(" AND (proxy_id = ? OR previous_proxy_id = ?)");
            parameters.add(proxyId);
            parameters.add(proxyId);
        }
        sql.append(" ORDER BY id DESC LIMIT ?");
        parameters.add(limit);
        return db.query(sql.toString(), rs -> new HistoryEntry(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                (Long) rs.getObject(5), (Long) rs.getObject(6), rs.getString(7), rs.getString(8), rs.getTimestamp(9).toInstant()),
                parameters.toArray());
    }

    private static void filter(StringBuilder sql, List<Object> parameters, String column, Object value) {
        if (value != null) {
            sql.append(" AND ").append(column).append(" = ?");
            parameters.add(value);
        }
    }

    private static AssignmentView view(java.sql.ResultSet rs) throws java.sql.SQLException {
        return AssignmentView.from(Account.read(rs));
    }
}
