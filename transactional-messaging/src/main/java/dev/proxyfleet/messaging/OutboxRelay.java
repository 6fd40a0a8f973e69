package dev.proxyfleet.messaging;

import dev.proxyfleet.contracts.CloudEvent;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Transaction;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
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
 *
 * <p>The relay runs on a thread of its own and waits there for the reactive pool and for the producer's acks: a
 * producer's {@code send} blocks while it has no metadata (a broker outage), which must never happen on an event loop,
 * and a batch is one transaction around select, send and stamp. The producer is a plain Kafka producer rather than
 * a SmallRye emitter: the relay needs the acks of a whole batch before it stamps it, which an emitter hands back
 * one message at a time.
 */
@ApplicationScoped
public class OutboxRelay {

    /** Advisory lock key shared by every replica of this service's relay. */
    private static final long RELAY_LOCK = 0x6f7574626f78L;

    private static final String SELECT = "SELECT id, topic, event_key, event_id, event_type, event_source, event_time, payload, trace_parent "
            + "FROM outbox WHERE published_at IS NULL ORDER BY id LIMIT $1";

    /**
     * Takes the relay lock for this transaction, and lets its commit return before the WAL is flushed: a stamp lost in
     * a database crash only sends its batch again, which consumers deduplicate, so waiting for the disk would only
     * hold up the next batch.
     */
    private static final String LOCK = "SELECT pg_try_advisory_xact_lock($1) FROM set_config('synchronous_commit', 'off', true)";

    private static final String STAMP = "UPDATE outbox SET published_at = now() WHERE id = ANY ($1)";

    /** Longest wait for one database step; a hung database fails the run, and the next poll tries again. */
    private static final Duration STEP_TIMEOUT = Duration.ofSeconds(60);

    private final Pool pool;
    private final OutboxConfig config;
    private final Producer<String, byte[]> producer;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(runnable -> new Thread(runnable, "outbox-relay"));
    private final AtomicBoolean queued = new AtomicBoolean();
    private volatile boolean failing;
    private volatile boolean stopping;

    public OutboxRelay(Pool pool, OutboxConfig config, KafkaConnection kafka) {
        this.pool = pool;
        this.config = config;
        this.producer = new KafkaProducer<>(kafka.clientSettings(Map.of(
                ProducerConfig.CLIENT_ID_CONFIG, config.source().replace("/", "") + "-outbox",
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.PARTITIONER_CLASS_CONFIG, ContractPartitioner.class,
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
    @Scheduled(every = "${fleet.outbox.poll-interval:1s}",
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void poll() {
        wake();
    }

    /** Publishes until the outbox is drained or Kafka refuses; a database failure waits for the next poll. */
    private void relay() {
        try {
            int published;
            do {
                published = publishBatch();
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

    /** One transaction: lock, select, send, and stamp what the broker acknowledged; answers how many. */
    private int publishBatch() {
        SqlConnection connection = await(pool.getConnection());
        try {
            Transaction transaction = await(connection.begin());
            int published = publish(connection);
            await(transaction.commit());
            return published;
        } finally {
            // returns the connection to the pool; a transaction still open (a failed step) is rolled back
            await(connection.close());
        }
    }

    private int publish(SqlConnection connection) {
        if (!await(connection.preparedQuery(LOCK).execute(Tuple.of(RELAY_LOCK))).iterator().next().getBoolean(0)) {
            return 0;
        }
        List<Long> ids = new ArrayList<>();
        List<Future<RecordMetadata>> sends = new ArrayList<>();
        try {
            for (Row row : await(connection.preparedQuery(SELECT).execute(Tuple.of(config.batchSize())))) {
                ids.add(row.getLong(0));
                sends.add(producer.send(toRecord(row)));
            }
        } catch (org.apache.kafka.common.KafkaException e) {
            reportFailure(e);
            return 0;
        }
        if (ids.isEmpty() || !awaitAll(sends, ids.size())) {
            return 0;
        }
        await(connection.preparedQuery(STAMP).execute(Tuple.of(ids.toArray(Long[]::new))));
        return ids.size();
    }

    private static <T> T await(Uni<T> step) {
        return step.await().atMost(STEP_TIMEOUT);
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

    private static ProducerRecord<String, byte[]> toRecord(Row row) {
        String topic = row.getString(1);
        String key = row.getString(2);
        Buffer payload = row.getBuffer(7);
        ProducerRecord<String, byte[]> record = payload == null ? new ProducerRecord<>(topic, key, null)
                : CloudEvent.producerRecord(topic, key, row.getUUID(3), row.getString(4), row.getString(5),
                        row.getOffsetDateTime(6).toInstant(), payload.getBytes());
        TraceContext.addTo(record.headers(), row.getString(8));
        return record;
    }
}
