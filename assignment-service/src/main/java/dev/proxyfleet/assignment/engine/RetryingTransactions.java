package dev.proxyfleet.assignment.engine;

import dev.proxyfleet.messaging.Transactions;
import dev.proxyfleet.messaging.Tx;
import io.smallrye.mutiny.Uni;
import io.vertx.sqlclient.DatabaseException;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Set;
import java.util.function.Function;

/**
 * The transactions of operators' requests and of the sweeps: each in its own transaction, run again from the start
 * when PostgreSQL aborted it for a deadlock or a serialization failure, which concurrent assigners cause now and then.
 * The event path needs none of this: its intake retries a batch itself.
 */
@ApplicationScoped
public class RetryingTransactions {

    private static final Set<String> RETRYABLE = Set.of("40001", "40P01");
    private static final int RETRIES = 4;
    private static final Duration FIRST_PAUSE = Duration.ofMillis(10);
    private static final Duration LONGEST_PAUSE = Duration.ofMillis(200);

    private final Transactions transactions;

    public RetryingTransactions(Transactions transactions) {
        this.transactions = transactions;
    }

    public <T> Uni<T> run(Function<Tx, Uni<T>> work) {
        return transactions.inTransaction(work)
                .onFailure(RetryingTransactions::retryable).retry().withBackOff(FIRST_PAUSE, LONGEST_PAUSE).atMost(RETRIES);
    }

    private static boolean retryable(Throwable failure) {
        return failure instanceof DatabaseException database && RETRYABLE.contains(database.getSqlState());
    }
}
