package dev.proxyfleet.status.projection;

import dev.proxyfleet.status.model.FleetModel;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.util.HashSet;
import java.util.Set;

/**
 * Collects, per consumer transaction, which proxies an event changed (and whether a provider did), and hands them to
 * the in-memory model only once the transaction committed: what the API and the WebSocket show is always what
 * PostgreSQL holds.
 */
@ApplicationScoped
public class TouchedProxies {

    private static final Object KEY = TouchedProxies.class;

    private final TransactionSynchronizationRegistry transactions;
    private final FleetModel model;

    public TouchedProxies(TransactionSynchronizationRegistry transactions, FleetModel model) {
        this.transactions = transactions;
        this.model = model;
    }

    /** Marks proxies (null ids are ignored) as changed by the current transaction. */
    public void proxies(Long... ids) {
        Set<Long> touched = current().ids;
        for (Long id : ids) {
            if (id != null) {
                touched.add(id);
            }
        }
    }

    /** Marks a provider as changed: its figures, and what every proxy shows (its provider's name). */
    public void provider() {
        current().provider = true;
    }

    private Touched current() {
        Touched touched = (Touched) transactions.getResource(KEY);
        if (touched == null) {
            touched = new Touched();
            transactions.putResource(KEY, touched);
            transactions.registerInterposedSynchronization(touched);
        }
        return touched;
    }

    private final class Touched implements Synchronization {
        private final Set<Long> ids = new HashSet<>();
        private boolean provider;

        @Override
        public void beforeCompletion() {
            // nothing to flush: the rows are already written
        }

        @Override
        public void afterCompletion(int status) {
            if (status != Status.STATUS_COMMITTED) {
                return;
            }
            if (provider) {
                model.providerChanged();
            } else {
                model.changed(ids);
            }
        }
    }
}
