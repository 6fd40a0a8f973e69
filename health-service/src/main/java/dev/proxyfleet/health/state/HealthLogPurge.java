package dev.proxyfleet.health.state;

import dev.proxyfleet.health.HealthConfig;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;

/**
 * Keeps the health log to its retention (7 days unless configured otherwise), deleting in small transactions so
 * that probes writing the log never wait long behind the purge.
 */
@ApplicationScoped
public class HealthLogPurge {

    private static final int BATCH = 5_000;

    private final HealthStore store;
    private final HealthConfig config;

    public HealthLogPurge(HealthStore store, HealthConfig config) {
        this.store = store;
        this.config = config;
    }

    /** Deletes every log entry older than the retention. */
    @Scheduled(every = "{health.purge-every}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    public void purge() {
        Instant before = Instant.now().minus(config.retention());
        int total = 0;
        int deleted;
        do {
            deleted = QuarkusTransaction.requiringNew().call(() -> store.purgeLog(before, BATCH));
            total += deleted;
        } while (deleted == BATCH);
        if (total > 0) {
            Log.infof("Purged %d health log entries older than %s", total, config.retention());
        }
    }
}
