package dev.proxyfleet.inventory.web;

import org.hibernate.exception.ConstraintViolationException;

/**
 * Recognises PostgreSQL refusing a row because of one unique index. A pre-check cannot see a row another transaction
 * has not committed yet, so when two requests race, the index has the last word and its refusal must be answered
 * like the duplicate the pre-check would have found.
 */
public final class UniqueIndex {

    private static final String UNIQUE_VIOLATION = "23505";

    private UniqueIndex() {
    }

    /** True when {@code failure} or one of its causes is a unique violation of the index named {@code index}. */
    public static boolean violated(Throwable failure, String index) {
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
