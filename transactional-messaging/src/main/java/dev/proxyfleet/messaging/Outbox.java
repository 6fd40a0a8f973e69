package dev.proxyfleet.messaging;

import dev.proxyfleet.contracts.CloudEvent;
import dev.proxyfleet.contracts.EventCodec;
import dev.proxyfleet.contracts.EventData;
import dev.proxyfleet.contracts.EventType;
import dev.proxyfleet.contracts.Topic;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.util.List;
import javax.sql.DataSource;

/**
 * Writes events into the outbox table inside the caller's transaction, so an event exists if and only if the change
 * it describes was committed. {@link OutboxRelay} publishes them.
 */
@ApplicationScoped
public class Outbox {

    private static final String INSERT = "INSERT INTO outbox "
            + "(topic, event_key, event_id, event_type, event_source, event_time, payload, trace_parent) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";

    private final DataSource dataSource;
    private final String source;
    private final TransactionSynchronizationRegistry transactions;
    private final OutboxRelay relay;

    public Outbox(DataSource dataSource, OutboxConfig config, TransactionSynchronizationRegistry transactions,
            OutboxRelay relay) {
        this.dataSource = dataSource;
        this.source = config.source();
        this.transactions = transactions;
        this.relay = relay;
    }

    /** Appends one event. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void append(EventType type, EventData data) {
        appendAll(type, List.of(data));
    }

    /** Appends one event per data item, in list order, in one batch. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void appendAll(EventType type, List<? extends EventData> data) {
        String traceParent = TraceContext.current();
        insert(statement -> {
            for (EventData item : data) {
                CloudEvent<EventData> event = CloudEvent.create(type, source, item);
                statement.setString(1, type.topic().topicName());
                statement.setString(2, item.key());
                statement.setObject(3, event.id());
                statement.setString(4, type.ceType());
                statement.setString(5, source);
                statement.setTimestamp(6, Timestamp.from(event.time()));
                statement.setBytes(7, EventCodec.encode(item));
                statement.setString(8, traceParent);
                statement.addBatch();
            }
        });
    }

    /** Appends a tombstone (null value) so that compaction forgets the key. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void appendTombstone(Topic topic, String key) {
        insert(statement -> {
            statement.setString(1, topic.topicName());
            statement.setString(2, key);
            statement.setNull(3, Types.OTHER);
            statement.setNull(4, Types.VARCHAR);
            statement.setNull(5, Types.VARCHAR);
            statement.setTimestamp(6, new Timestamp(System.currentTimeMillis()));
            statement.setNull(7, Types.BINARY);
            statement.setString(8, TraceContext.current());
            statement.addBatch();
        });
    }

    private void insert(BatchFiller filler) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(INSERT)) {
            filler.fill(statement);
            statement.executeBatch();
            AfterCommit.run(transactions, relay::wake);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot write to the outbox: " + e.getMessage(), e);
        }
    }

    @FunctionalInterface
    private interface BatchFiller {
        void fill(PreparedStatement statement) throws SQLException;
    }
}
