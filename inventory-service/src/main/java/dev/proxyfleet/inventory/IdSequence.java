package dev.proxyfleet.inventory;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/**
 * Ids for new rows from a table's identity column sequence, in the current session, for rows whose secret is
 * encrypted for their id: the id must be known before the insert. An id taken but not used is a gap, as a rolled back
 * insert leaves.
 */
public final class IdSequence {

    private IdSequence() {
    }

    /** The next id of {@code table}'s {@code id} column; {@code table} is a constant of the caller, never input. */
    public static Uni<Long> next(String table) {
        return Panache.getSession().chain(session -> session
                .createNativeQuery("SELECT nextval(pg_get_serial_sequence('" + table + "', 'id'))", Long.class)
                .getSingleResult());
    }
}
