package dev.proxyfleet.messaging;

import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.stream.Collectors;

/**
 * Keeps the outbox's published rows and the dedupe table to their retention, deleting in small statements so that
 * no lock is held for long and writers never wait behind the purge.
 */
@ApplicationScoped
public class MessageRetention {

    static final int CHUNK = 10_000;

    private final Pool pool;
    private final OutboxConfig outbox;
    private final ConsumerConfig consumer;

    public MessageRetention(Pool pool, OutboxConfig outbox, ConsumerConfig consumer) {
        this.pool = pool;
        this.outbox = outbox;
        this.consumer = consumer;
    }

    @Scheduled(every = "1m", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    public Uni<Void> purge() {
        return purge("outbox", "id", "published_at", outbox.retention())
                .chain(() -> purge("consumed_event", "event_id", "consumed_at", consumer.dedupeRetention()))
                .replaceWithVoid();
    }

    /** Deletes the table's rows whose time column is older than the age, a chunk per statement; answers how many. */
    private Uni<Integer> purge(String table, String key, String time, Duration age) {
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
