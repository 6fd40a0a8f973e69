package dev.proxyfleet.assignment.engine;

import static dev.proxyfleet.contracts.EventType.ASSIGNMENT_ENDED;
import static dev.proxyfleet.contracts.EventType.ASSIGNMENT_STATE;

import dev.proxyfleet.contracts.AssignmentStateData;
import dev.proxyfleet.contracts.Topic;
import dev.proxyfleet.messaging.Outbox;
import dev.proxyfleet.messaging.Tx;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Publishes where accounts are now on the compacted {@code assignment-state}, in the transaction that changed them, so
 * that a read model can be rebuilt after {@code assignment-events} has aged out. The state is read from the account
 * rows after the change rather than inferred from it: a move to the queue (released, then pending) says pending once
 * the transaction's changes are in, whatever their order. An account that holds nothing and waits for nothing ends
 * with a tombstone, so that compaction forgets it.
 */
@ApplicationScoped
public class AccountStates {

    private final AccountStore accounts;
    private final Outbox outbox;

    public AccountStates(AccountStore accounts, Outbox outbox) {
        this.accounts = accounts;
        this.outbox = outbox;
    }

    /** Publishes the state of these accounts as their rows hold it now; each changed at the time given for it. */
    public Uni<Void> changed(Tx tx, Map<String, Instant> changedAt) {
        return accounts.read(tx, changedAt.keySet().toArray(String[]::new)).chain(rows -> {
            List<AssignmentStateData> current = new ArrayList<>();
            List<AssignmentStateData> ended = new ArrayList<>();
            for (Account account : rows) {
                AssignmentStateData state = new AssignmentStateData(account.accountId(), account.modelId(),
                        account.vpsId(), account.proxyId(), changedAt.get(account.accountId()));
                (account.active() ? current : ended).add(state);
            }
            return outbox.appendAll(tx, ASSIGNMENT_STATE, current)
                    .chain(() -> outbox.appendAll(tx, ASSIGNMENT_ENDED, ended))
                    .chain(() -> Tx.each(ended, state -> outbox.appendTombstone(tx, Topic.ASSIGNMENT_STATE, state.key())));
        });
    }
}
