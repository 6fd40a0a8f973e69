package dev.proxyfleet.messaging;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * One open transaction of the service's reactive pool: the connection every statement of it runs on, the trace it
 * continues (written into the outbox rows it appends), and what must happen only once it has committed (waking the
 * relay, updating an in-memory model or a metric). Made by {@link Transactions}; never outlives its transaction.
 */
public final class Tx {

    private final SqlConnection connection;
    private final String traceParent;
    private final List<Runnable> afterCommit = new ArrayList<>();

    Tx(SqlConnection connection, String traceParent) {
        this.connection = connection;
        this.traceParent = traceParent;
    }

    public SqlConnection connection() {
        return connection;
    }

    /** The W3C traceparent of the work this transaction does, or null when tracing is off. */
    String traceParent() {
        return traceParent;
    }

    /** Runs the action after the commit, in the order registered; a rollback drops it. */
    public void afterCommit(Runnable action) {
        afterCommit.add(action);
    }

    /** Runs {@code step} for each item, one after the other, stopping at the first failure. */
    public static <T> Uni<Void> each(List<T> items, Function<T, Uni<?>> step) {
        return Multi.createFrom().iterable(items).onItem().transformToUniAndConcatenate(step)
                .collect().last().replaceWithVoid();
    }

    void committed() {
        afterCommit.forEach(Runnable::run);
    }
}
