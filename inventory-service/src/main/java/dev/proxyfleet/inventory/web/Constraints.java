package dev.proxyfleet.inventory.web;

import dev.proxyfleet.web.ConflictException;
import io.smallrye.mutiny.Uni;
import java.util.function.Supplier;
import org.hibernate.exception.ConstraintViolationException;

/**
 * The last word of a constraint in PostgreSQL: a unique index, or a CHECK that holds a limit. A pre-check cannot see a
 * row another transaction has not committed yet, so when two requests race, the constraint refuses the later one, and
 * that refusal must be answered like the conflict the pre-check would have found.
 */
public final class Constraints {

    static final String UNIQUE_VIOLATION = "23505";
    static final String CHECK_VIOLATION = "23514";

    private Constraints() {
    }

    /**
     * Answers {@code change}, a transaction in a session of its own. When the index named {@code index} refuses it,
     * that session is closed by the time {@code conflict} is asked for the answer, so the answer is looked up in a
     * new one and can name the winner, which has committed by then.
     */
    public static <T> Uni<T> unique(String index, Uni<T> change, Supplier<Uni<ConflictException>> conflict) {
        return guard(UNIQUE_VIOLATION, index, change, conflict);
    }

    /** As {@link #unique}, for the CHECK constraint named {@code check}. */
    public static <T> Uni<T> check(String check, Uni<T> change, Supplier<Uni<ConflictException>> conflict) {
        return guard(CHECK_VIOLATION, check, change, conflict);
    }

    private static <T> Uni<T> guard(String sqlState, String name, Uni<T> change,
            Supplier<Uni<ConflictException>> conflict) {
        return change.onFailure(failure -> violated(failure, sqlState, name))
                .recoverWithUni(() -> conflict.get()
                        .onItem().transformToUni(answer -> Uni.createFrom().<T>failure(answer)));
    }

    /**
     * True when {@code failure} or one of its causes is a violation ({@code sqlState}) of the constraint named
     * {@code name}. Hibernate Reactive reports the reactive client's refusal as its own
     * {@link ConstraintViolationException}, with the SQL state and the constraint's name (the client's exception is
     * not kept as its cause).
     */
    static boolean violated(Throwable failure, String sqlState, String name) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof ConstraintViolationException violation
                    && sqlState.equals(violation.getSQLState())
                    && name.equalsIgnoreCase(violation.getConstraintName())) {
                return true;
            }
        }
        return false;
    }
}
