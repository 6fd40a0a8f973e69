package dev.proxyfleet.messaging;

import dev.proxyfleet.contracts.CloudEvent;
import dev.proxyfleet.contracts.EventData;
import dev.proxyfleet.contracts.PoisonEventException;
import dev.proxyfleet.contracts.Topic;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Consumer threads of one service: each polls its share of the partitions, applies the records in order in one
 * transaction per poll (one per record when the poll fails as a whole) together with their dedupe entries, and
 * commits offsets only after that, without waiting for the broker's answer before the next poll. A crash replays
 * what was not committed; the dedupe makes the replay change nothing. Records that break the contract go to
 * {@code <topic>.dlq} with the reason in {@value Topic#DLQ_REASON_HEADER}; tombstones are skipped.
 */
@ApplicationScoped
public class EventConsumers {

    private final ConsumerConfig config;
    private final ConsumedEvents consumed;
    private final KafkaConnection kafka;
    private final MeterRegistry registry;
    private final Tracer tracer;
    private final List<Worker> workers = new ArrayList<>();
    /** Records not yet consumed, per partition this instance owns, as the consumers last saw it. */
    private final Map<TopicPartition, Long> lag = new ConcurrentHashMap<>();
    private Producer<String, byte[]> deadLetters;

    public EventConsumers(ConsumerConfig config, ConsumedEvents consumed, MeterRegistry registry, Tracer tracer,
            KafkaConnection kafka) {
        this.config = config;
        this.consumed = consumed;
        this.registry = registry;
        this.tracer = tracer;
        this.kafka = kafka;
    }

    /** Starts {@code fleet.consumer.threads} consumers on these topics; each event reaches the handler once. */
    public synchronized void start(List<Topic> topics, EventHandler handler) {
        if (deadLetters == null) {
            deadLetters = new KafkaProducer<>(kafka.clientSettings(Map.of(
                    ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true)),
                    new StringSerializer(), new ByteArraySerializer());
        }
        List<String> names = topics.stream().map(Topic::topicName).toList();
        names.forEach(topic -> Gauge.builder("fleet.consumer.lag", lag, partitions -> lagOf(topic))
                .tag("topic", topic).description("Records on the topic this instance has yet to consume").register(registry));
        for (int i = 0; i < config.threads(); i++) {
            Worker worker = new Worker(names, handler, config.groupId() + "-" + workers.size());
            workers.add(worker);
            worker.start();
        }
        Log.infof("Consuming %s with %d threads in group %s", names, config.threads(), config.groupId());
    }

    /** Stops every consumer after its current record; uncommitted records are redelivered later. */
    public synchronized void stop() {
        workers.forEach(Worker::shutdown);
        for (Worker worker : workers) {
            try {
                worker.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        workers.clear();
        if (deadLetters != null) {
            deadLetters.close();
            deadLetters = null;
        }
    }

    private double lagOf(String topic) {
        return lag.entrySet().stream().filter(entry -> entry.getKey().topic().equals(topic)).mapToLong(Map.Entry::getValue).sum();
    }

    void onShutdown(@Observes ShutdownEvent event) {
        stop();
    }

    private final class Worker extends Thread {
        private final KafkaConsumer<String, byte[]> consumer;
        private final List<String> topics;
        private final EventHandler handler;
        /** Next offset to commit per partition, for what was applied since the last commit. */
        private final Map<TopicPartition, OffsetAndMetadata> applied = new HashMap<>();
        private volatile boolean running = true;

        Worker(List<String> topics, EventHandler handler, String clientId) {
            super(clientId);
            this.topics = topics;
            this.handler = handler;
            this.consumer = new KafkaConsumer<>(kafka.clientSettings(Map.of(
                    org.apache.kafka.clients.consumer.ConsumerConfig.GROUP_ID_CONFIG, config.groupId(),
                    org.apache.kafka.clients.consumer.ConsumerConfig.CLIENT_ID_CONFIG, clientId,
                    org.apache.kafka.clients.consumer.ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                    org.apache.kafka.clients.consumer.ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                    org.apache.kafka.clients.consumer.ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 500,
                    // A crashed replica's partitions move to the others after 10 s instead of the default 45 s.
                    org.apache.kafka.clients.consumer.ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 10_000,
                    org.apache.kafka.clients.consumer.ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 3_000)),
                    new StringDeserializer(), new ByteArrayDeserializer());
        }

        void shutdown() {
            running = false;
            consumer.wakeup();
        }

        @Override
        public void run() {
            try {
                consumer.subscribe(topics, new ConsumerRebalanceListener() {
                    @Override
                    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                        commitApplied();
                        partitions.forEach(lag::remove);
                    }

                    @Override
                    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                        // their lag is known after the next fetch
                    }
                });
                while (running) {
                    ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ofMillis(500));
                    recordLag();
                    if (applyAll(records)) {
                        records.forEach(this::applied);
                    } else {
                        records.forEach(this::process);
                    }
                    if (!applied.isEmpty()) {
                        consumer.commitAsync(Map.copyOf(applied), this::onCommitted);
                        applied.clear();
                    }
                }
            } catch (WakeupException stopping) {
                // shutdown() was called
            } catch (RuntimeException e) {
                Log.errorf(e, "Consumer %s stopped", getName());
            } finally {
                commitApplied();
                consumer.close(Duration.ofSeconds(5));
            }
        }

        /** An asynchronous commit that failed is covered by the next one, or by a redelivery the dedupe absorbs. */
        private void onCommitted(Map<TopicPartition, OffsetAndMetadata> offsets, Exception failure) {
            if (failure != null) {
                Log.debugf("Offset commit of %s failed, a later one covers it: %s", getName(), failure.getMessage());
            }
        }

        /** The record is in the database (or dead-lettered): its offset may be committed. */
        private void applied(ConsumerRecord<String, byte[]> record) {
            applied.put(new TopicPartition(record.topic(), record.partition()), new OffsetAndMetadata(record.offset() + 1));
        }

        /**
         * Commits what was applied since the last commit before the partitions go elsewhere or the consumer closes, so
         * the next owner does not replay it; if that fails, the next owner replays and the dedupe absorbs it. Records
         * polled but not applied (a stop mid-poll) are not committed.
         */
        private void commitApplied() {
            try {
                if (!applied.isEmpty()) {
                    consumer.commitSync(Map.copyOf(applied), Duration.ofSeconds(5));
                    applied.clear();
                }
            } catch (RuntimeException e) {
                Log.debugf("Final offset commit of %s failed: %s", getName(), e.getMessage());
            }
        }

        private void recordLag() {
            consumer.assignment().forEach(partition -> consumer.currentLag(partition).ifPresent(behind -> lag.put(partition, behind)));
        }

        /**
         * Applies a whole poll in one transaction: one commit and one dedupe statement for hundreds of events. False
         * when anything in it failed (a poison record, a deadlock); nothing of it is then kept and each record is
         * applied on its own.
         */
        private boolean applyAll(ConsumerRecords<String, byte[]> records) {
            if (records.count() < 2) {
                return false;
            }
            List<ConsumerRecord<String, byte[]>> all = new ArrayList<>(records.count());
            records.forEach(all::add);
            try {
                QuarkusTransaction.requiringNew().run(() -> apply(all));
                return true;
            } catch (RuntimeException e) {
                Log.debugf("Batch of %d records falls back to one by one: %s", records.count(), e.getMessage());
                return false;
            }
        }

        private void apply(List<ConsumerRecord<String, byte[]>> records) {
            Span span = consumeSpan(records);
            try (Scope current = span.makeCurrent()) {
                List<CloudEvent<EventData>> events = new ArrayList<>(records.size());
                List<String> topics = new ArrayList<>(records.size());
                for (ConsumerRecord<String, byte[]> record : records) {
                    if (record.value() != null) {
                        events.add(CloudEvent.fromKafka(record.headers(), record.value()));
                        topics.add(record.topic());
                    }
                }
                if (!events.isEmpty()) {
                    handler.handleAll(consumed.keepNew(events, topics));
                }
            } catch (RuntimeException e) {
                span.setStatus(StatusCode.ERROR, e.getMessage());
                throw e;
            } finally {
                span.end();
            }
        }

        /**
         * One span per applied poll, so the events it writes continue a trace: the child of its first record's trace,
         * linked to every other record's.
         */
        private Span consumeSpan(List<ConsumerRecord<String, byte[]>> records) {
            SpanBuilder builder = tracer.spanBuilder("consume " + records.get(0).topic()).setSpanKind(SpanKind.CONSUMER)
                    .setParent(TraceContext.of(records.get(0).headers()))
                    .setAttribute("messaging.batch.message_count", records.size());
            records.stream().skip(1).forEach(record ->
                    builder.addLink(Span.fromContext(TraceContext.of(record.headers())).getSpanContext()));
            return builder.startSpan();
        }

        /** Applies one record, retrying transient failures until it is applied, dead-lettered or we stop. */
        private void process(ConsumerRecord<String, byte[]> record) {
            while (running) {
                try {
                    QuarkusTransaction.requiringNew().run(() -> apply(List.of(record)));
                    applied(record);
                    return;
                } catch (PoisonEventException e) {
                    deadLetter(record, e.getMessage());
                    applied(record);
                    return;
                } catch (RuntimeException e) {
                    Log.warnf("Retrying %s-%d@%d after failure: %s", record.topic(), record.partition(), record.offset(), e.getMessage());
                    pause(config.retryBackoff());
                }
            }
            throw new WakeupException();
        }

        private void deadLetter(ConsumerRecord<String, byte[]> record, String reason) {
            Log.warnf("Dead-lettering %s-%d@%d: %s", record.topic(), record.partition(), record.offset(), reason);
            ProducerRecord<String, byte[]> dead = new ProducerRecord<>(record.topic() + Topic.DLQ_SUFFIX, null,
                    record.key(), record.value(), record.headers());
            Headers headers = dead.headers();
            headers.add(Topic.DLQ_REASON_HEADER, utf8(reason));
            headers.add("dead-letter-topic", utf8(record.topic()));
            headers.add("dead-letter-partition", utf8(Integer.toString(record.partition())));
            headers.add("dead-letter-offset", utf8(Long.toString(record.offset())));
            try {
                deadLetters.send(dead).get();
            } catch (ExecutionException e) {
                throw new IllegalStateException("cannot write to " + dead.topic() + ": " + e.getCause().getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new WakeupException();
            }
        }
    }

    private static byte[] utf8(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
