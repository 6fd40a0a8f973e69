package dev.proxyfleet.messaging;

import dev.proxyfleet.contracts.CloudEvent;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Publishes outbox rows to Kafka in id order with an idempotent producer and stamps them published in the same
 * transaction that read them. A crash or a Kafka outage before the stamp means the batch is sent again (consumers
 * deduplicate on {@code ce_id}); nothing is lost. One relay at a time holds an advisory lock, so replicas cannot
 * reorder events of one key.
 */
@ApplicationScoped
public class OutboxRelay {

    /** Advisory lock key shared by every replica of this service's relay. */
    private static final long RELAY_LOCK = 0x6f7574626f78L;

    private static final String SELECT = "SELECT id, topic, event_key, event_id, event_type, event_source, event_time, payload, trace_parent "
            + "FROM outbox WHERE published_at IS NULL ORDER BY id LIMIT ?";

    private final DataSource dataSource;
    private final OutboxConfig config;
    private final Producer<String, byte[]> producer;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(runnable -> new Thread(runnable, "outbox-relay"));
    private final AtomicBoolean queued = new AtomicBoolean();
    private volatile boolean failing;
    private volatile boolean stopping;

    public OutboxRelay(DataSource dataSource, OutboxConfig config, KafkaConnection kafka) {
        this.dataSource = dataSource;
        this.config = config;
        this.producer = new KafkaProducer<>(kafka.clientSettings(Map.of(
                ProducerConfig.CLIENT_ID_CONFIG, config.source().replace("/", "") + "-outbox",
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                // a batch is sent whole before its acks are awaited, so lingering would only add latency
                ProducerConfig.LINGER_MS_CONFIG, 0,
                ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 5000,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 15000)),
                new StringSerializer(), new ByteArraySerializer());
    }

    /**
     * Asks for a relay run soon; runs never overlap and requests made while one is queued are merged. Called after
     * every commit that wrote to the outbox, so events leave within milliseconds.
     */
    public void wake() {
        if (!stopping && queued.compareAndSet(false, true)) {
            worker.execute(() -> {
                queued.set(false);
                relay();
            });
        }
    }

    /** Stops taking wake-ups before the connection pool closes; unpublished rows wait for the next start. */
    void onShutdown(@Observes ShutdownEvent event) {
        stopping = true;
    }

    /** Catches up with what a wake-up missed: events of other replicas, and batches refused while Kafka was away. */
    @Scheduled(every = "${fleet.outbox.poll-interval:1s}")
    void poll() {
        wake();
    }

    /** Publishes until the outbox is drained or Kafka refuses; a database failure waits for the next poll. */
    private void relay() {
        try {
            int published;
            do {
                published = QuarkusTransaction.requiringNew().timeout(60).call(this::publishBatch);
            } while (published == config.batchSize() && !stopping);
        } catch (RuntimeException e) {
            reportFailure(e);
        }
    }

    @PreDestroy
    void close() {
        worker.shutdown();
        try {
            worker.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close();
    }

    private int publishBatch() throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            if (!tryLock(connection)) {
                return 0;
            }
            List<Long> ids = new ArrayList<>();
            List<Future<RecordMetadata>> sends = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement(SELECT)) {
                select.setInt(1, config.batchSize());
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        ids.add(rs.getLong(1));
                        sends.add(producer.send(toRecord(rs)));
                    }
                }
            }
            if (ids.isEmpty() || !awaitAll(sends, ids.size())) {
                return 0;
            }
            try (PreparedStatement stamp = connection.prepareStatement("UPDATE outbox SET published_at = now() WHERE id = ANY (?)")) {
                stamp.setArray(1, connection.createArrayOf("bigint", ids.toArray()));
                stamp.executeUpdate();
            }
            return ids.size();
        } catch (org.apache.kafka.common.KafkaException e) {
            reportFailure(e);
            return 0;
        }
    }

    private boolean awaitAll(List<Future<RecordMetadata>> sends, int count) {
        try {
            for (Future<RecordMetadata> send : sends) {
                send.get();
            }
        } catch (ExecutionException e) {
            reportFailure(e.getCause());
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        if (failing) {
            failing = false;
            Log.infof("Outbox relay publishing again (%d events in this batch)", count);
        }
        return true;
    }

    private void reportFailure(Throwable cause) {
        if (!failing) {
            failing = true;
            Log.warnf("Outbox relay cannot publish, will retry: %s", cause.getMessage());
        }
    }

    /**
     * Takes the relay lock for this transaction, and lets its commit return before the WAL is flushed: a stamp lost in
     * a database crash only sends its batch again, which consumers deduplicate, so waiting for the disk would only
     * hold up the next batch.
     */
    private static boolean tryLock(Connection connection) throws SQLException {
        try (PreparedStatement lock = connection.prepareStatement(
                "SELECT pg_try_advisory_xact_lock(?) FROM set_config('synchronous_commit', 'off', true)")) {
            lock.setLong(1, RELAY_LOCK);
            try (ResultSet rs = lock.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }

    private static ProducerRecord<String, byte[]> toRecord(ResultSet rs) throws SQLException {
        String topic = rs.getString(2);
        String key = rs.getString(3);
        byte[] payload = rs.getBytes(8);
        ProducerRecord<String, byte[]> record = payload == null ? new ProducerRecord<>(topic, key, null)
                : CloudEvent.producerRecord(topic, key, rs.getObject(4, UUID.class), rs.getString(5), rs.getString(6),
                        rs.getTimestamp(7).toInstant(), payload);
        TraceContext.addTo(record.headers(), rs.getString(9));
        return record;
    }
}
