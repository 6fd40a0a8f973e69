package dev.proxyfleet.inventory.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.proxyfleet.localinfra.PostgresServer;
import dev.proxyfleet.localinfra.TestInfra;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/**
 * Migration V3_1 folds the settings' own change log into the audit trail: a database with settings changes kept the
 * V3 way has them as audit entries afterwards, each with the settings that differed from the version before it.
 */
class SettingsChangeFoldTest {

    private static final String SCHEMA = "settings_fold_test";

    @Test
    void keptSettingsChangesBecomeAuditEntriesOfWhatDiffered() throws Exception {
        String url = TestInfra.get().jdbcUrl();
        try (Connection connection = DriverManager.getConnection(url, PostgresServer.USER, PostgresServer.PASSWORD);
                Statement statement = connection.createStatement()) {
            statement.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
            flyway(url, "3").migrate();
            statement.execute("INSERT INTO " + SCHEMA + ".settings_change (version, actor, changed_at, settings) VALUES "
                    + "(1, 'alice', '2026-12-01T10:00:00Z', '{\"fall\": 4, \"rise\": null}'), "
                    + "(2, 'bob', '2026-12-02T10:00:00Z', '{\"fall\": 5, \"rise\": 2}')");

            flyway(url, "latest").migrate();

            List<String> entries = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery("SELECT actor || ' ' || entity || ' ' || action || ' ' || "
                    + "changes::text FROM " + SCHEMA + ".audit_entry ORDER BY id")) {
                while (rows.next()) {
                    entries.add(rows.getString(1));
                }
            }
            assertThat(entries).containsExactly(
                    "alice settings updated {\"fall\": {\"new\": 4, \"old\": null}}",
                    "bob settings updated {\"fall\": {\"new\": 5, \"old\": 4}, \"rise\": {\"new\": 2, \"old\": null}}");
            try (ResultSet gone = statement.executeQuery("SELECT to_regclass('" + SCHEMA + ".settings_change')")) {
                assertThat(gone.next()).isTrue();
                assertThat(gone.getString(1)).as("the old log is dropped: one way to record a change").isNull();
            }
            statement.execute("DROP SCHEMA " + SCHEMA + " CASCADE");
        }
    }

    private static Flyway flyway(String url, String target) {
        return Flyway.configure().dataSource(url, PostgresServer.USER, PostgresServer.PASSWORD).schemas(SCHEMA)
                .locations("classpath:db/migration").target(target).load();
    }
}
