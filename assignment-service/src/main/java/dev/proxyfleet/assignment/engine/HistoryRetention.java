package dev.proxyfleet.assignment.engine;

import dev.proxyfleet.messaging.RowRetention;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;

/**
 * Keeps the assignment history, which is also the assignments' audit trail, to the audit's retention
 * ({@code fleet.audit.retention}, a year unless configured otherwise).
 */
@ApplicationScoped
public class HistoryRetention {

    /** How long history entries are kept. */
    @ConfigMapping(prefix = "fleet.audit")
    public interface Config {
        @WithDefault("365d")
        Duration retention();
    }

    private final RowRetention rows;
    private final Config config;

    public HistoryRetention(RowRetention rows, Config config) {
        this.rows = rows;
        this.config = config;
    }

    @Scheduled(every = "1h", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    public Uni<Void> purge() {
        return rows.purge("assignment_history", "id", "at", config.retention()).replaceWithVoid();
    }
}
