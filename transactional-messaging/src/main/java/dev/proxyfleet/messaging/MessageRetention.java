package dev.proxyfleet.messaging;

import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;

/**
 * Keeps the outbox's published rows and the dedupe table to their retention, deleting in small transactions so that
 * no lock is held for long and writers never wait behind the purge.
 */
@ApplicationScoped
public class MessageRetention {

    static final int CHUNK = 10_000;

    private final Sql sql;
    private final OutboxConfig outbox;
    private final ConsumerConfig consumer;

    public MessageRetention(Sql sql, OutboxConfig outbox, ConsumerConfig consumer) {
        this.sql = sql;
        this.outbox = outbox;
        this.consumer = consumer;
    }

    @Scheduled(every = "1m", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    public void purge() {
        purge("outbox", "id", "published_at", outbox.retention());
        purge("consumed_event", "event_id", "consumed_at", consumer.dedupeRetention());
    }

    /** Deletes the table's rows whose time column is older than the age; answers how many. */
    private int purge(String table, String key, String time, Duration age) {
        String delete = "DELETE FROM " + table + " WHERE " + key + " IN (SELECT " + key + " FROM " + table
                + " WHERE " + time + " < now() - ?::interval LIMIT " + CHUNK + ")";
        int total = 0;
        int deleted;
        do {
            deleted = QuarkusTransaction.requiringNew().call(() -> sql.update(delete, age.toSeconds() + " seconds"));
            total += deleted;
        } while (deleted == CHUNK);
        if (total > 0) {
            Log.debugf("Purged %d rows of %s older than %s", total, table, age);
        }
        return total;
    }
}
