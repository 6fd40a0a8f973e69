package dev.proxyfleet.messaging;

import io.quarkus.logging.Log;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.stream.Collectors;

/**
 * Deletes a table's rows older than their retention in small statements, so that no lock is held for long and writers
 * never wait behind the purge. Used for the outbox and dedupe tables here and for the services' audit trails.
 */
@ApplicationScoped
public class RowRetention {

    static final int CHUNK = 10_000;

    private final Pool pool;

    public RowRetention(Pool pool) {
        this.pool = pool;
    }

    /**
     * Deletes the rows of {@code table} whose {@code time} column is older than {@code age}, a chunk per statement
     * (chosen by the {@code key} column); answers how many. Table and column names are the caller's constants.
     */
    public Uni<Integer> purge(String table, String key, String time, Duration age) {
        String delete = "DELETE FROM " + table + " WHERE " + key + " IN (SELECT " + key + " FROM " + table
                + " WHERE " + time + " < now() - make_interval(secs => $1) LIMIT " + CHUNK + ")";
        Tuple olderThan = Tuple.of((double) age.toSeconds());
        return Multi.createBy().repeating().uni(() -> pool.preparedQuery(delete).execute(olderThan).map(rows -> rows.rowCount()))
                .whilst(deleted -> deleted == CHUNK)
                .collect().with(Collectors.summingInt(Integer::intValue))
                .invoke(total -> {
                    if (total > 0) {
                        Log.debugf("Purged %d rows of %s older than %s", total, table, age);
                    }
                });
    }
}
