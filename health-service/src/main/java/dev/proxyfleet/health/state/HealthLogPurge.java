package dev.proxyfleet.health.state;

import dev.proxyfleet.health.HealthConfig;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;

/** Keeps the health log to its retention (7 days unless configured otherwise). */
@ApplicationScoped
public class HealthLogPurge {

    private final HealthStore store;
    private final HealthConfig config;

    public HealthLogPurge(HealthStore store, HealthConfig config) {
        this.store = store;
        this.config = config;
    }

    @Scheduled(every = "{health.purge-every}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    @Transactional
    public void purge() {
        int deleted = store.purgeLog(Instant.now().minus(config.retention()));
        if (deleted > 0) {
            Log.infof("Purged %d health log entries older than %s", deleted, config.retention());
        }
    }
}
