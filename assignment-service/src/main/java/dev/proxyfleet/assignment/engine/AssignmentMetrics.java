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
 * poll that is rolled back and applied again counts once); {@code fleet_assignment_pending}: accounts waiting;
 * {@code fleet_assignment_stranded_slots}: free slots on proxies of a model while accounts of another model wait
 * (see {@link Capacity}), both read every 10 s.
 */
@ApplicationScoped
public class AssignmentMetrics {

    private final MeterRegistry registry;
    private final ProxyStore proxies;
    private final AtomicLong pending = new AtomicLong();
    private final AtomicLong stranded = new AtomicLong();

    public AssignmentMetrics(MeterRegistry registry, ProxyStore proxies) {
        this.registry = registry;
        this.proxies = proxies;
        Gauge.builder("fleet.assignment.pending", pending, AtomicLong::get)
                .description("Accounts waiting for a proxy with room").register(registry);
        Gauge.builder("fleet.assignment.stranded.slots", stranded, AtomicLong::get)
                .description("Free slots on proxies of a model while accounts of another model wait").register(registry);
    }

    /** Counts the changes when the transaction commits. */
    void recorded(Tx tx, String action, List<AssignmentData> changes) {
        Map<String, Long> byReason = changes.stream()
                .collect(Collectors.groupingBy(change -> change.reason().name().toLowerCase(Locale.ROOT), Collectors.counting()));
        tx.afterCommit(() -> byReason.forEach((reason, count) ->
                registry.counter("fleet.assignments", "action", action, "reason", reason).increment(count)));
    }

    @Scheduled(every = "10s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> measureCapacity() {
        return proxies.capacity().invoke(capacity -> {
            pending.set(capacity.models().stream().mapToLong(Capacity.Model::waiting).sum());
            stranded.set(capacity.strandedSlots());
        }).replaceWithVoid();
    }
}
