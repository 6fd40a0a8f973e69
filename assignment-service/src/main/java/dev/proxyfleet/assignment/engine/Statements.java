package dev.proxyfleet.assignment.engine;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * How the stores run their statements, with this service's reading of a refusal: the rules live in the schema, so a
 * rule the database refuses (a check or key violation raised by the bind trigger, whose message starts with
 * {@code rule N:}) surfaces as {@link RuleViolationException}, naming the rule and the numbers.
 */
final class Statements {

    private static final String CHECK_VIOLATION = "23514";
    private static final String FOREIGN_KEY_VIOLATION = "23503";

    private Statements() {
    }

    static Uni<RowSet<Row>> execute(SqlClient client, String statement, Tuple parameters) {
        return client.preparedQuery(statement).execute(parameters).onFailure(PgException.class)
                .transform(failure -> translate((PgException) failure));
    }

    static Uni<Void> update(SqlClient client, String statement, Tuple parameters) {
        return execute(client, statement, parameters).replaceWithVoid();
    }

    static <T> Uni<List<T>> query(SqlClient client, String statement, Tuple parameters, Function<Row, T> mapper) {
        return execute(client, statement, parameters).map(rows -> {
            List<T> result = new ArrayList<>(rows.size());
            rows.forEach(row -> result.add(mapper.apply(row)));
            return result;
        });
    }

    static <T> Uni<Optional<T>> queryOne(SqlClient client, String statement, Tuple parameters, Function<Row, T> mapper) {
        return query(client, statement, parameters, mapper).map(rows -> rows.stream().findFirst());
    }

    private static Throwable translate(PgException e) {
        String message = e.getErrorMessage();
        int rule = message == null ? -1 : message.indexOf("rule ");
        if ((CHECK_VIOLATION.equals(e.getSqlState()) || FOREIGN_KEY_VIOLATION.equals(e.getSqlState())) && rule >= 0) {
            return new RuleViolationException(message.substring(rule).lines().findFirst().orElse(message));
        }
        return e;
    }
}
