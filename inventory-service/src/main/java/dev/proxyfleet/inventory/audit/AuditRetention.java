package dev.proxyfleet.inventory.audit;

import dev.proxyfleet.messaging.RowRetention;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;

/** Keeps the audit trail to its retention ({@code fleet.audit.retention}, a year unless configured otherwise). */
@ApplicationScoped
public class AuditRetention {

    /** How long audit entries are kept. */
    @ConfigMapping(prefix = "fleet.audit")
    public interface Config {
        @WithDefault("365d")
        Duration retention();
    }

    private final RowRetention rows;
    private final Config config;

    public AuditRetention(RowRetention rows, Config config) {
        this.rows = rows;
        this.config = config;
    }

    @Scheduled(every = "1h", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    public Uni<Void> purge() {
        return rows.purge("audit_entry", "id", "at", config.retention()).replaceWithVoid();
    }
}
