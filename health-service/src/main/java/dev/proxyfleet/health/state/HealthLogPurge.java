package dev.proxyfleet.health.state;

import dev.proxyfleet.health.HealthConfig;
import dev.proxyfleet.messaging.Transactions;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.stream.Collectors;

/**
 * Keeps the health log to its retention (7 days unless configured otherwise), deleting in small transactions so
 * that probes writing the log never wait long behind the purge.
 */
@ApplicationScoped
public class HealthLogPurge {

    private static final int BATCH = 5_000;

    private final HealthStore store;
    private final Transactions transactions;
    private final HealthConfig config;

    public HealthLogPurge(HealthStore store, Transactions transactions, HealthConfig config) {
        this.store = store;
        this.transactions = transactions;
        this.config = config;
    }

    /** Deletes every log entry older than the retention. */
    @Scheduled(every = "{health.purge-every}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    public Uni<Void> purge() {
        Instant before = Instant.now().minus(config.retention());
        return Multi.createBy().repeating().uni(() -> transactions.inTransaction(tx -> store.purgeLog(tx, before, BATCH)))
                .whilst(deleted -> deleted == BATCH)
                .collect().with(Collectors.summingInt(Integer::intValue))
                .invoke(total -> {
                    if (total > 0) {
                        Log.infof("Purged %d health log entries older than %s", total, config.retention());
                    }
                })
                .replaceWithVoid();
    }
}
