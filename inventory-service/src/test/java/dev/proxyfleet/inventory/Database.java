package dev.proxyfleet.inventory;

import dev.proxyfleet.localinfra.PostgresServer;
import dev.proxyfleet.localinfra.TestInfra;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** Direct SQL on the service's database, for checks the API cannot make (what is stored, and how). */
public final class Database {

    private Database() {
    }

    public static Connection connect() throws SQLException {
        return DriverManager.getConnection(TestInfra.get().jdbcUrl(), PostgresServer.USER, PostgresServer.PASSWORD);
    }

    /** A single number; a {@code List} parameter is bound as a text array. */
    public static long queryLong(String sql, Object... parameters) throws SQLException {
        return queryStrings(sql, parameters).stream().mapToLong(Long::parseLong).findFirst().orElseThrow();
    }

    /** The first column of every row, as text. */
    public static List<String> queryStrings(String sql, Object... parameters) throws SQLException {
        try (Connection connection = connect(); PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                Object parameter = parameters[i];
                statement.setObject(i + 1, parameter instanceof List<?> list
                        ? connection.createArrayOf("text", list.toArray()) : parameter);
            }
            List<String> values = new ArrayList<>();
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    values.add(rs.getString(1));
                }
            }
            return values;
        }
    }

    public static void execute(String sql, Object... parameters) throws SQLException {
        try (Connection connection = connect(); PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            statement.execute();
        }
    }
}
