package dev.proxyfleet.assignment.engine;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** A read whose conditions depend on which filters the caller gave: each given one adds a numbered parameter. */
final class FilteredSelect {

    private final StringBuilder sql;
    private final List<Object> parameters = new ArrayList<>();

    /** {@code select} ends in a WHERE clause that the filters extend with AND. */
    FilteredSelect(String select) {
        this.sql = new StringBuilder(select);
    }

    /** Adds the condition when the value is given; each {@code ?} in it stands for the value. */
    FilteredSelect and(String condition, Object value) {
        if (value != null) {
            parameters.add(value);
            sql.append(" AND ").append(condition.replace("?", "$" + parameters.size()));
        }
        return this;
    }

    /** Runs the read, ordered by {@code order}, for at most {@code limit} rows. */
    <T> Uni<List<T>> query(SqlClient client, String order, long limit, Function<Row, T> mapper) {
        List<Object> all = new ArrayList<>(parameters);
        all.add(limit);
        return Statements.query(client, sql + " ORDER BY " + order + " LIMIT $" + all.size(), Tuple.wrap(all), mapper);
    }
}
