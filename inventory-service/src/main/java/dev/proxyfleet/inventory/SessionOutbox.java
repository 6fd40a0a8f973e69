package dev.proxyfleet.inventory;

import dev.proxyfleet.contracts.EventData;
import dev.proxyfleet.contracts.EventType;
import dev.proxyfleet.contracts.Topic;
import dev.proxyfleet.messaging.Outbox;
import dev.proxyfleet.messaging.Tx;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.function.Supplier;

/**
 * The outbox of changes made through Hibernate Reactive: an entity's change and its events commit together. Hibernate
 * Reactive does not hand out the connection of its session (hibernate-reactive issue 2156), so the rows
 * {@link Outbox} describes are inserted through the session, as native statements of its transaction.
 */
@ApplicationScoped
public class SessionOutbox {

    /** {@link Outbox#INSERT} with a Hibernate native query's parameters ({@code ?1}) for PostgreSQL's ({@code $1}). */
    static final String INSERT = Outbox.INSERT.replaceAll("\\$(\\d+)", "?$1");

    private final Outbox outbox;

    public SessionOutbox(Outbox outbox) {
        this.outbox = outbox;
    }

    /**
     * Runs {@code work} in a transaction of the current session (a new session when there is none) and, once it has
     * committed, lets the relay publish the events it appended.
     */
    public <T> Uni<T> inTransaction(Supplier<Uni<T>> work) {
        return Panache.withTransaction(work).invoke(outbox::committed);
    }

    /** Appends one event to the transaction of the current session. */
    public Uni<Void> append(EventType type, EventData data) {
        return insert(outbox.rows(type, List.of(data), outbox.traceParent()));
    }

    /** Appends a tombstone (null value) to the current session's transaction, so that compaction forgets the key. */
    public Uni<Void> appendTombstone(Topic topic, String key) {
        return insert(List.of(outbox.tombstone(topic, key, outbox.traceParent())));
    }

    private static Uni<Void> insert(List<Outbox.Row> rows) {
        return Panache.getSession().chain(session -> Tx.each(rows, row -> session.createNativeQuery(INSERT)
                .setParameter(1, row.topic())
                .setParameter(2, row.key())
                .setParameter(3, row.eventId())
                .setParameter(4, row.eventType())
                .setParameter(5, row.source())
                .setParameter(6, OffsetDateTime.ofInstant(row.time(), ZoneOffset.UTC))
                .setParameter(7, row.payload())
                .setParameter(8, row.traceParent())
                .executeUpdate()));
    }
}
