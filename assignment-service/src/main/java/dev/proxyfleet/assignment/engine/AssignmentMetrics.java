package dev.proxyfleet.assignment.engine;

import dev.proxyfleet.contracts.AssignmentData;
import dev.proxyfleet.messaging.Tx;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * {@code fleet_assignments_total{action,reason}}: assignment changes, counted once their transaction committed (a
 * poll that is rolled back and applied again counts once); {@code fleet_assignment_pending}: accounts waiting.
 */
@ApplicationScoped
public class AssignmentMetrics {

    private final MeterRegistry registry;
    private final AccountStore accounts;
    private final AtomicLong pending = new AtomicLong();

    public AssignmentMetrics(MeterRegistry registry, AccountStore accounts) {
        this.registry = registry;
        this.accounts = accounts;
        Gauge.builder("fleet.assignment.pending", pending, AtomicLong::get)
                .description("Accounts waiting for a proxy with room").register(registry);
    }

    /** Counts the changes when the transaction commits. */
    void recorded(Tx tx, String action, List<AssignmentData> changes) {
        Map<String, Long> byReason = changes.stream()
                .collect(Collectors.groupingBy(change -> change.reason().name().toLowerCase(Locale.ROOT), Collectors.counting()));
        tx.afterCommit(() -> byReason.forEach((reason, count) ->
                registry.counter("fleet.assignments", "action", action, "reason", reason).increment(count)));
    }

    @Scheduled(every = "10s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> measurePending() {
        return accounts.countPending().invoke(pending::set).replaceWithVoid();
    }
}
