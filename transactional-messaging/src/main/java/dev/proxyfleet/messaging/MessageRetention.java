package dev.proxyfleet.messaging;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** Keeps the outbox's published rows and the dedupe table to their retention. */
@ApplicationScoped
public class MessageRetention {

    private final RowRetention rows;
    private final OutboxConfig outbox;
    private final ConsumerConfig consumer;

    public MessageRetention(RowRetention rows, OutboxConfig outbox, ConsumerConfig consumer) {
        this.rows = rows;
        this.outbox = outbox;
        this.consumer = consumer;
    }

    @Scheduled(every = "1m", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    public Uni<Void> purge() {
        return rows.purge("outbox", "id", "published_at", outbox.retention())
                .chain(() -> rows.purge("consumed_event", "event_id", "consumed_at", consumer.dedupeRetention()))
                .replaceWithVoid();
    }
}
