package dev.proxyfleet.assignment.engine;

import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Closes the one gap the event path leaves: an account that goes pending in one transaction while another
 * transaction adds capacity cannot see that capacity, and the capacity's refill cannot see the account (neither has
 * committed). Every {@code assignment.pending-sweep} this pass hands such capacity out; it costs one index probe per
 * pending model when there is nothing to do.
 */
@ApplicationScoped
public class PendingSweep {

    private final AccountStore store;
    private final AccountLifecycle accounts;
    private final RetryingTransactions transactions;

    public PendingSweep(AccountStore store, AccountLifecycle accounts, RetryingTransactions transactions) {
        this.store = store;
        this.accounts = accounts;
        this.transactions = transactions;
    }

    @Scheduled(every = "${assignment.pending-sweep}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> sweep() {
        return store.pendingCanMove()
                .chain(canMove -> canMove ? transactions.run(accounts::assignAllPending) : Uni.createFrom().item(0))
                .invoke(assigned -> {
                    if (assigned > 0) {
                        Log.infof("Assigned %d pending accounts to capacity the event path had missed", assigned);
                    }
                })
                .replaceWithVoid();
    }
}
