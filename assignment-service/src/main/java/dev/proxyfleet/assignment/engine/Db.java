package dev.proxyfleet.assignment.engine;

import dev.proxyfleet.messaging.Sql;
import dev.proxyfleet.messaging.Sql.SqlFailure;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The shared {@link Sql} with this service's reading of failures: the rules live in the schema, so a rule the
 * database refuses surfaces as {@link RuleViolationException} (a 409 naming the rule), and a deadlock or
 * serialization failure as {@link TransientDataException} (worth a retry).
 */
@ApplicationScoped
public class Db {

    private final Sql sql;

    public Db(Sql sql) {
        this.sql = sql;
    }

    public <T> List<T> query(String statement, Sql.Row<T> mapper, Object... parameters) {
        return translated(() -> sql.query(statement, mapper, parameters));
    }

    public <T> Optional<T> queryOne(String statement, Sql.Row<T> mapper, Object... parameters) {
        return query(statement, mapper, parameters).stream().findFirst();
    }

    public int update(String statement, Object... parameters) {
        return translated(() -> sql.update(statement, parameters));
    }

    private static <T> T translated(Supplier<T> work) {
        try {
            return work.get();
        } catch (SqlFailure e) {
            throw translate(e);
        }
    }

    private static RuntimeException translate(SqlFailure e) {
        String state = e.sqlState();
        String message = e.databaseMessage();
        int rule = message.indexOf("rule ");
        if ((state.equals("23514") || state.equals("23503")) && rule >= 0) {
            return new RuleViolationException(message.substring(rule).lines().findFirst().orElse(message));
        }
        if (state.equals("40P01") || state.equals("40001")) {
            return new TransientDataException(message, e);
        }
        return e;
    }
}
