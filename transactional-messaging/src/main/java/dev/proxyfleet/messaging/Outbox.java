package dev.proxyfleet.messaging;

import dev.proxyfleet.contracts.CloudEvent;
import dev.proxyfleet.contracts.EventCodec;
import dev.proxyfleet.contracts.EventData;
import dev.proxyfleet.contracts.EventType;
import dev.proxyfleet.contracts.Topic;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Writes events into the outbox table inside the caller's transaction, so an event exists if and only if the change
 * it describes was committed. {@link OutboxRelay} publishes them; the transaction wakes it once it has committed.
 */
@ApplicationScoped
public class Outbox {

    /** The insert of one row; parameters in the order of {@link Row#tuple()}. */
    public static final String INSERT = "INSERT INTO outbox "
            + "(topic, event_key, event_id, event_type, event_source, event_time, payload, trace_parent) "
            + "VALUES ($1, $2, $3, $4, $5, $6, $7, $8)";

    /** One outbox row: a tombstone when {@code payload} is null. */
    public record Row(String topic, String key, UUID eventId, String eventType, String source, Instant time,
            byte[] payload, String traceParent) {

        /** The parameters of {@link #INSERT}; the payload as the client's own (not Mutiny's) buffer, as it encodes. */
        public Tuple tuple() {
            return Tuple.from(new Object[] {topic, key, eventId, eventType, source,
                    OffsetDateTime.ofInstant(time, ZoneOffset.UTC), payload == null ? null : Buffer.buffer(payload),
                    traceParent});
        }
    }

    private final String source;
    private final OutboxRelay relay;

    public Outbox(OutboxConfig config, OutboxRelay relay) {
        this.source = config.source();
        this.relay = relay;
    }

    /** Appends one event. */
    public Uni<Void> append(Tx tx, EventType type, EventData data) {
        return appendAll(tx, type, List.of(data));
    }

    /** Appends one event per data item, in list order, in one batch. */
    public Uni<Void> appendAll(Tx tx, EventType type, List<? extends EventData> data) {
        return insert(tx, rows(type, data, tx.traceParent()));
    }

    /** Appends a tombstone (null value) so that compaction forgets the key. */
    public Uni<Void> appendTombstone(Tx tx, Topic topic, String key) {
        return insert(tx, List.of(tombstone(topic, key, tx.traceParent())));
    }

    /**
     * The rows that {@link #appendAll} writes, for a caller whose transaction is not a {@link Tx}: Hibernate
     * Reactive does not hand out the connection of its session, so an entity's change and its event are written
     * through that session with these rows, and the caller {@link #committed wakes the relay} after the commit.
     */
    public List<Row> rows(EventType type, List<? extends EventData> data, String traceParent) {
        List<Row> rows = new ArrayList<>(data.size());
        for (EventData item : data) {
            CloudEvent<EventData> event = CloudEvent.create(type, source, item);
            rows.add(new Row(type.topic().topicName(), item.key(), event.id(), type.ceType(), source, event.time(),
                    EventCodec.encode(item), traceParent));
        }
        return rows;
    }

    /** The row of a tombstone, for the callers {@link #rows} is for. */
    public Row tombstone(Topic topic, String key, String traceParent) {
        return new Row(topic.topicName(), key, null, null, null, Instant.now(), null, traceParent);
    }

    /** The current trace's traceparent, for the rows of a caller whose transaction is not a {@link Tx}. */
    public String traceParent() {
        return TraceContext.current();
    }

    /** To be called after a commit that wrote rows without a {@link Tx}: the relay publishes them at once. */
    public void committed() {
        relay.wake();
    }

    private Uni<Void> insert(Tx tx, List<Row> rows) {
        if (rows.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        tx.afterCommit(relay::wake);
        return tx.connection().preparedQuery(INSERT).executeBatch(rows.stream().map(Row::tuple).toList())
                .replaceWithVoid();
    }
}
