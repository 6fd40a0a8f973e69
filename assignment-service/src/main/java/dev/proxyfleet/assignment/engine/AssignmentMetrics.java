package dev.proxyfleet.assignment.engine;

import dev.proxyfleet.contracts.AssignmentData;
import dev.proxyfleet.messaging.AfterCommit;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.TransactionSynchronizationRegistry;
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
    private final TransactionSynchronizationRegistry transactions;
    private final Db db;
    private final AtomicLong pending = new AtomicLong();

    public AssignmentMetrics(MeterRegistry registry, TransactionSynchronizationRegistry transactions, Db db) {
        this.registry = registry;
        this.transactions = transactions;
        this.db = db;
        Gauge.builder("fleet.assignment.pending", pending, AtomicLong::get)
                .description("Accounts waiting for a proxy with room").register(registry);
    }

    /** Counts the changes when the current transaction commits. */
    void recorded(String action, List<AssignmentData> changes) {
        Map<String, Long> byReason = changes.stream()
                .collect(Collectors.groupingBy(change -> change.reason().name().toLowerCase(Locale.ROOT), Collectors.counting()));
        AfterCommit.run(transactions, () -> byReason.forEach((reason, count) ->
                registry.counter("fleet.assignments", "action", action, "reason", reason).increment(count)));
    }

    @Scheduled(every = "10s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void measurePending() {
        pending.set(QuarkusTransaction.requiringNew().call(() ->
                db.queryOne("SELECT count(*) FROM account WHERE pending_since IS NOT NULL", rs -> rs.getLong(1)).orElse(0L)));
    }
}
