package dev.proxyfleet.health;

import dev.proxyfleet.localinfra.PostgresServer;
import dev.proxyfleet.localinfra.TestInfra;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** Direct SQL on the service's database, to check what it stored. */
public final class Database {

    private Database() {
    }

    /** The first column of every row, as text. */
    public static List<String> strings(String query) {
        try (Connection connection = DriverManager.getConnection(TestInfra.get().jdbcUrl(), PostgresServer.USER, PostgresServer.PASSWORD);
                ResultSet rs = connection.createStatement().executeQuery(query)) {
            List<String> values = new ArrayList<>();
            while (rs.next()) {
                values.add(rs.getString(1));
            }
            return values;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A single number. */
    public static long number(String query) {
        return Long.parseLong(strings(query).get(0));
    }

    public static void execute(String statement) {
        strings(statement + " RETURNING 1");
    }
}
