package dev.proxyfleet.assignment.engine;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;

/** An account as this service knows it: bound to a proxy, pending (waiting for capacity), or inactive. */
public record Account(String accountId, String modelId, Long vpsId, boolean active, Long proxyId, Instant pendingSince) {

    /** The columns {@link #read} expects, in order. */
    public static final String COLUMNS = "account_id, model_id, vps_id, active, proxy_id, pending_since";

    public static Account read(ResultSet rs) throws SQLException {
        java.sql.Timestamp pending = rs.getTimestamp(6);
        return new Account(rs.getString(1), rs.getString(2), (Long) rs.getObject(3), rs.getBoolean(4),
                (Long) rs.getObject(5), pending == null ? null : pending.toInstant());
    }

    public boolean pending() {
        return pendingSince != null;
    }
}
