package dev.proxyfleet.messaging;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.atomic.AtomicLong;

/**
 * How far the outbox relay is behind: events not yet on Kafka and the age of the oldest, measured every few seconds,
 * exported as {@code fleet_outbox_backlog} and {@code fleet_outbox_oldest_age_seconds} for alerts. Not a readiness
 * check: the outbox exists to absorb a Kafka outage, and a pod that takes writes into it is exactly what is needed
 * meanwhile; taking every pod out of its Service would turn a broker outage into an outage of the whole API.
 */
@ApplicationScoped
public class OutboxBacklog {

    private static final String MEASURE = "SELECT count(*), coalesce(extract(epoch FROM now() - min(event_time)), 0) "
            + "FROM outbox WHERE published_at IS NULL";

    private final Pool pool;
    private final AtomicLong backlog = new AtomicLong();
    private final AtomicLong oldestAgeSeconds = new AtomicLong();

    public OutboxBacklog(Pool pool, MeterRegistry registry) {
        this.pool = pool;
        Gauge.builder("fleet.outbox.backlog", backlog, AtomicLong::get)
                .description("Events written but not yet published to Kafka").register(registry);
        Gauge.builder("fleet.outbox.oldest.age.seconds", oldestAgeSeconds, AtomicLong::get)
                .description("Age of the oldest event not yet published to Kafka").register(registry);
    }

    @Scheduled(every = "5s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> measure() {
        return pool.query(MEASURE).execute().invoke(rows -> {
            Row row = rows.iterator().next();
            backlog.set(row.getLong(0));
            oldestAgeSeconds.set(row.getNumeric(1).longValue());
        }).replaceWithVoid();
    }

}
