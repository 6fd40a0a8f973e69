package dev.proxyfleet.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Plain JDBC on the service's own database, in the caller's transaction when there is one: the services whose
 * rules or projections live in SQL speak it directly. Java arrays bind as PostgreSQL arrays ({@code String[]} as
 * {@code text[]}, {@code Long[]} as {@code bigint[]}). A failure is a {@link SqlFailure} carrying the SQL state.
 */
@ApplicationScoped
public class Sql {

    /** Reads the current row of a result. */
    @FunctionalInterface
    public interface Row<T> {
        T read(ResultSet rs) throws SQLException;
    }

    /** A statement the database refused or could not run. */
    public static class SqlFailure extends IllegalStateException {
        private final String sqlState;

        SqlFailure(SQLException cause) {
            super("database statement failed: " + cause.getMessage(), cause);
            this.sqlState = cause.getSQLState() == null ? "" : cause.getSQLState();
        }

        /** The SQLSTATE, e.g. {@code 40P01} for a deadlock. */
        public String sqlState() {
            return sqlState;
        }

        /** The database's own message. */
        public String databaseMessage() {
            return getCause().getMessage() == null ? "" : getCause().getMessage();
        }
    }

    private final DataSource dataSource;

    public Sql(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Every row the statement returns (a query, or a change with {@code RETURNING}). */
    public <T> List<T> query(String sql, Row<T> row, Object... parameters) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = bind(connection, sql, parameters);
                ResultSet rs = statement.executeQuery()) {
            List<T> rows = new ArrayList<>();
            while (rs.next()) {
                rows.add(row.read(rs));
            }
            return rows;
        } catch (SQLException e) {
            throw new SqlFailure(e);
        }
    }

    public <T> Optional<T> queryOne(String sql, Row<T> row, Object... parameters) {
        return query(sql, row, parameters).stream().findFirst();
    }

    /** Runs an insert, update or delete and answers the number of rows it touched. */
    public int update(String sql, Object... parameters) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = bind(connection, sql, parameters)) {
            return statement.executeUpdate();
        } catch (SQLException e) {
            throw new SqlFailure(e);
        }
    }

    private static PreparedStatement bind(Connection connection, String sql, Object... parameters) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        for (int i = 0; i < parameters.length; i++) {
            statement.setObject(i + 1, parameters[i]);
        }
        return statement;
    }
}
