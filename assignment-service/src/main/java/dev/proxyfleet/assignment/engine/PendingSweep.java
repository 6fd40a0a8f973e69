package dev.proxyfleet.assignment.engine;

import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Closes the one gap the event path leaves: an account that goes pending in one transaction while another
 * transaction adds capacity cannot see that capacity, and the capacity's refill cannot see the account (neither has
 * committed). Every {@code assignment.pending-sweep} this pass hands such capacity out; it costs one index probe per
 * pending model when there is nothing to do.
 */
@ApplicationScoped
public class PendingSweep {

    private final AccountLifecycle accounts;

    public PendingSweep(AccountLifecycle accounts) {
        this.accounts = accounts;
    }

    @Scheduled(every = "${assignment.pending-sweep}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void sweep() {
        if (QuarkusTransaction.requiringNew().call(accounts::pendingCanMove)) {
            int assigned = Transactions.retrying(accounts::assignAllPending);
            if (assigned > 0) {
                Log.infof("Assigned %d pending accounts to capacity the event path had missed", assigned);
            }
        }
    }
}
