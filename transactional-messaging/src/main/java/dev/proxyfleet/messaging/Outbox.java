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

    /** The insert of one row, for a caller whose transaction is not a {@link Tx}; parameters in {@link Row}'s order. */
    public static final String INSERT = "INSERT INTO outbox "
            + "(topic, event_key, event_id, event_type, event_source, event_time, payload, trace_parent) "
            + "VALUES ($1, $2, $3, $4, $5, $6, $7, $8)";

    /**
     * The insert of a batch as one statement over arrays of the columns: the server plans and runs it once, not once per
     * row as a pipelined batch of single-row inserts would.
     */
    private static final String INSERT_ALL = "INSERT INTO outbox "
            + "(topic, event_key, event_id, event_type, event_source, event_time, payload, trace_parent) "
            + "SELECT * FROM unnest($1::text[], $2::text[], $3::uuid[], $4::text[], $5::text[], $6::timestamptz[], "
            + "$7::bytea[], $8::text[])";

    /** One outbox row: a tombstone when {@code payload} is null. */
    public record Row(String topic, String key, UUID eventId, String eventType, String source, Instant time,
            byte[] payload, String traceParent) {
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
        int size = rows.size();
        String[] topics = new String[size];
        String[] keys = new String[size];
        UUID[] ids = new UUID[size];
        String[] types = new String[size];
        String[] sources = new String[size];
        OffsetDateTime[] times = new OffsetDateTime[size];
        // the client's own (not Mutiny's) buffers: those are what it encodes as bytea
        Buffer[] payloads = new Buffer[size];
        String[] traces = new String[size];
        for (int i = 0; i < size; i++) {
            Row row = rows.get(i);
            topics[i] = row.topic();
            keys[i] = row.key();
            ids[i] = row.eventId();
            types[i] = row.eventType();
            sources[i] = row.source();
            times[i] = OffsetDateTime.ofInstant(row.time(), ZoneOffset.UTC);
            payloads[i] = row.payload() == null ? null : Buffer.buffer(row.payload());
            traces[i] = row.traceParent();
        }
        return tx.connection().preparedQuery(INSERT_ALL)
                .execute(Tuple.from(new Object[] {topics, keys, ids, types, sources, times, payloads, traces}))
                .replaceWithVoid();
    }
}
