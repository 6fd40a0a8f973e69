package dev.proxyfleet.messaging;

import io.vertx.sqlclient.ClosedConnectionException;
import io.vertx.sqlclient.DatabaseException;
import java.net.ConnectException;
import java.util.Set;
import java.util.concurrent.TimeoutException;

/** Tells failures of the database or network itself, which pass, from failures that a record's content causes. */
final class Failures {

    /**
     * SQLSTATE classes of conditions that clear by themselves: connection exceptions, transaction rollbacks
     * (serialization failure, deadlock), insufficient resources, operator intervention (shutdown), system errors.
     */
    private static final Set<String> TRANSIENT_CLASSES = Set.of("08", "40", "53", "57", "58");
    private static final String LOCK_NOT_AVAILABLE = "55P03";

    private Failures() {
    }

    /**
     * Whether retrying the same record later can succeed without anything else changing: an SQL state above, a
     * refused, lost or timed-out connection.
     */
    static boolean isTransient(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof DatabaseException database) {
                String state = database.getSqlState();
                return state == null || state.length() < 2 || TRANSIENT_CLASSES.contains(state.substring(0, 2))
                        || LOCK_NOT_AVAILABLE.equals(state);
            }
            if (cause instanceof ConnectException || cause instanceof ClosedConnectionException
                    || cause instanceof TimeoutException) {
                return true;
            }
        }
        return false;
    }

    /** The innermost message of the failure: the database's own words rather than a wrapper's. */
    static String reason(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }
}
