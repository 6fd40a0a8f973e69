package dev.proxyfleet.inventory.web;

import dev.proxyfleet.web.ConflictException;
import io.smallrye.mutiny.Uni;
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
     * Answers {@code change}, a transaction in a session of its own. When the index named {@code index} refuses it,
     * that session is closed by the time {@code conflict} is asked for the answer, so the answer is looked up in a
     * new one and can name the winner, which has committed by then.
     */
    public static <T> Uni<T> guard(String index, Uni<T> change, Supplier<Uni<ConflictException>> conflict) {
        return change.onFailure(failure -> violated(failure, index))
                .recoverWithUni(() -> conflict.get()
                        .onItem().transformToUni(answer -> Uni.createFrom().<T>failure(answer)));
    }

    /**
     * True when {@code failure} or one of its causes is a unique violation of the index named {@code index}. Hibernate
     * Reactive reports the reactive client's refusal as its own {@link ConstraintViolationException}, with the SQL
     * state and the constraint's name (the client's exception is not kept as its cause).
     */
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
