package dev.proxyfleet.assignment.engine;

import dev.proxyfleet.contracts.AssignmentData;
import dev.proxyfleet.contracts.AssignmentReason;
import dev.proxyfleet.contracts.EventType;
import dev.proxyfleet.messaging.LogCode;
import dev.proxyfleet.messaging.Outbox;
import dev.proxyfleet.messaging.Tx;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Every assignment change goes into the history and out as an {@code assignment.*} event, and the accounts' states
 * out on {@code assignment-state} ({@link AccountStates}), in one transaction.
 */
@ApplicationScoped
public class Recorder {

    /** Who made a change: the system, or the caller of the REST API. */
    public static final String SYSTEM = "system";

    private final HistoryStore history;
    private final ProxyStore proxies;
    private final Outbox outbox;
    private final AccountStates states;
    private final AssignmentMetrics metrics;

    public Recorder(HistoryStore history, ProxyStore proxies, Outbox outbox, AccountStates states,
            AssignmentMetrics metrics) {
        this.history = history;
        this.proxies = proxies;
        this.outbox = outbox;
        this.states = states;
        this.metrics = metrics;
    }

    /**
     * @param proxyId the proxy the account holds after the change (the one it left, for {@code released})
     */
    public Uni<Void> record(Tx tx, EventType type, String accountId, String modelId, Long proxyId, Long previousProxyId,
            AssignmentReason reason, String actor) {
        Uni<Optional<Integer>> count = proxyId == null ? Uni.createFrom().item(Optional.empty()) : proxies.accountCount(tx, proxyId);
        return count.chain(accounts -> recordAll(tx, type, List.of(new AssignmentData(accountId, modelId, proxyId,
                previousProxyId, reason, accounts.orElse(null), now())), actor));
    }

    /** Records changes of one type by one actor: one history statement and one outbox batch. */
    public Uni<Void> recordAll(Tx tx, EventType type, List<AssignmentData> changes, String actor) {
        if (changes.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        String action = type.ceType().substring("assignment.".length());
        Map<String, Instant> changedAt = new LinkedHashMap<>();
        changes.forEach(change -> changedAt.put(change.accountId(), change.at()));
        return history.appendAll(tx, action, actor, changes)
                .chain(() -> outbox.appendAll(tx, type, changes))
                .chain(() -> states.changed(tx, changedAt))
                .invoke(() -> {
                    metrics.recorded(tx, action, changes);
                    tx.afterCommit(() -> changes.forEach(change -> log(type, change)));
                });
    }

    /** One line per change, once committed, under the change's code. */
    private static void log(EventType type, AssignmentData change) {
        LogCode code = switch (type) {
            case ASSIGNMENT_ASSIGNED -> LogCode.ACCOUNT_ASSIGNED;
            case ASSIGNMENT_PENDING -> LogCode.ACCOUNT_WAITING;
            case ASSIGNMENT_RELEASED -> LogCode.ACCOUNT_RELEASED;
            case ASSIGNMENT_REASSIGNED -> change.reason() == AssignmentReason.PROXY_FAILED
                    ? LogCode.ACCOUNT_MOVED_OFF_FAILED : LogCode.ACCOUNT_MOVED;
            default -> throw new IllegalArgumentException(type + " is not an assignment change");
        };
        String proxy = change.proxyId() == null ? "no proxy" : "proxy " + change.proxyId()
                + (change.proxyAccountCount() == null ? "" : " (" + change.proxyAccountCount() + " accounts now)");
        String from = change.previousProxyId() == null ? "" : ", from proxy " + change.previousProxyId();
        code.log(Recorder.class, Logger.Level.INFO, "account %s of model %s, %s%s, reason %s", change.accountId(),
                change.modelId(), proxy, from, change.reason().name().toLowerCase(Locale.ROOT));
    }

    /** The time of a change as the events and the history carry it (PostgreSQL keeps microseconds). */
    static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
