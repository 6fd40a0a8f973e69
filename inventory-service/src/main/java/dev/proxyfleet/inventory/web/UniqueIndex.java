package dev.proxyfleet.inventory.web;

import dev.proxyfleet.web.ConflictException;
import io.quarkus.narayana.jta.QuarkusTransaction;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.hibernate.exception.ConstraintViolationException;

/**
 * The last word of a unique index in PostgreSQL. A pre-check cannot see a row another transaction has not committed
 * yet, so when two requests race, the index refuses the later one, and that refusal must be answered like the
 * duplicate the pre-check would have found.
 */
public final class UniqueIndex {

    private static final String UNIQUE_VIOLATION = "23505";

    private UniqueIndex() {
    }

    /**
     * Runs {@code change} in a transaction of its own. When the index named {@code index} refuses it, the failed
     * transaction is gone by the time {@code conflict} is asked for the answer, so it can look up the winner, which
     * has committed by then.
     */
    public static <T> T guard(String index, Callable<T> change, Supplier<ConflictException> conflict) {
        try {
            return QuarkusTransaction.requiringNew().call(change);
        } catch (RuntimeException e) {
            if (!violated(e, index)) {
                throw e;
            }
            throw conflict.get();
        }
    }

    /** True when {@code failure} or one of its causes is a unique violation of the index named {@code index}. */
    static boolean violated(Throwable failure, String index) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof ConstraintViolationException violation
                    && UNIQUE_VIOLATION.equals(violation.getSQLState())
                    && index.equalsIgnoreCase(violation.getConstraintName())) {
                return true;
            }
        }
        return false;
    }
}
