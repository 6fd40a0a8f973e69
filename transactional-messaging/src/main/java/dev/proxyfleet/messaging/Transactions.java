package dev.proxyfleet.messaging;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.function.Function;

/**
 * The one way into a database transaction: the reactive pool's {@code withTransaction}, which commits when the work's
 * {@link Uni} succeeds and rolls back when it fails, followed by the transaction's after-commit actions.
 */
@ApplicationScoped
public class Transactions {

    private final Pool pool;

    public Transactions(Pool pool) {
        this.pool = pool;
    }

    /** Runs the work in a new transaction that continues the current trace. */
    public <T> Uni<T> inTransaction(Function<Tx, Uni<T>> work) {
        return Uni.createFrom().deferred(() -> inTransaction(TraceContext.current(), work));
    }

    /** Runs the work in a new transaction whose outbox rows continue the trace {@code traceParent} names. */
    <T> Uni<T> inTransaction(String traceParent, Function<Tx, Uni<T>> work) {
        return Uni.createFrom().deferred(() -> {
            Tx[] opened = new Tx[1];
            return pool.withTransaction(connection -> {
                opened[0] = new Tx(connection, traceParent);
                return work.apply(opened[0]);
            }).invoke(() -> opened[0].committed());
        });
    }
}
