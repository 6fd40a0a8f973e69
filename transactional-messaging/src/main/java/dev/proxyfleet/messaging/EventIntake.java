package dev.proxyfleet.messaging;

import dev.proxyfleet.contracts.CloudEvent;
import dev.proxyfleet.contracts.EventData;
import dev.proxyfleet.contracts.PoisonEventException;
import dev.proxyfleet.contracts.Topic;
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
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.health.Readiness;

/**
 * What every consuming channel does with a batch of records (the records of one poll, in order): applies it in one
 * transaction together with the events' dedupe rows, and only then returns, so that SmallRye acknowledges (and later
 * commits) the offsets after the commit. A crash replays what was not committed; the dedupe makes the replay change
 * nothing. When the batch fails as a whole, each record is applied on its own:
 * <ul>
 * <li>a record that breaks the contract (bad JSON, unknown type, a type that belongs to another topic, a missing or
 * invalid field) goes to the dead-letter topic at once;</li>
 * <li>a record the database refuses (a constraint or data error) is retried {@code fleet.consumer.max-retries} times
 * with doubling pauses, then dead-lettered with the database's reason, and the partition moves on;</li>
 * <li>a failure of the database itself (down, deadlock, serialization) is retried without limit, the channel keeps
 * polling so it stays in its group, and {@link ConsumerStalls} turns readiness DOWN after a while.</li>
 * </ul>
 * Tombstones are skipped, and so are events the handler {@link EventHandler#ignores ignores}.
 */
@ApplicationScoped
public class EventIntake {

    private record Delivery(ConsumerRecord<String, byte[]> record, CloudEvent<EventData> event) {
    }

    private final ConsumedEvents consumed;
    private final DeadLetters deadLetters;
    private final ConsumerConfig config;
    private final ConsumerStalls stalls;
    private final Tracer tracer;
    private volatile boolean stopping;

    public EventIntake(ConsumedEvents consumed, DeadLetters deadLetters, ConsumerConfig config, @Readiness ConsumerStalls stalls,
            Tracer tracer) {
        this.consumed = consumed;
        this.deadLetters = deadLetters;
        this.config = config;
        this.stalls = stalls;
        this.tracer = tracer;
    }

    /** Applies the records of one batch; returns once each is applied or dead-lettered. */
    public void apply(Iterable<ConsumerRecord<String, byte[]>> records, EventHandler handler) {
        List<Delivery> deliveries = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            read(record, handler, deliveries);
        }
        if (deliveries.size() > 1 && appliedTogether(deliveries, handler)) {
            return;
        }
        deliveries.forEach(delivery -> applyAlone(delivery, handler));
    }

    private void read(ConsumerRecord<String, byte[]> record, EventHandler handler, List<Delivery> deliveries) {
        if (record.value() == null) {
            return;
        }
        try {
            CloudEvent<EventData> event = CloudEvent.fromKafka(record.headers(), record.value());
            if (Topic.named(record.topic()).filter(topic -> topic == event.type().topic()).isEmpty()) {
                throw new PoisonEventException(event.type().ceType() + " does not belong on " + record.topic());
            }
            if (!handler.ignores(event.type())) {
                deliveries.add(new Delivery(record, event));
            }
        } catch (PoisonEventException e) {
            deadLetters.send(record, e.getMessage());
        }
    }

    /** False when anything in the batch failed (a poison record, a deadlock): nothing of it is then kept. */
    private boolean appliedTogether(List<Delivery> deliveries, EventHandler handler) {
        try {
            QuarkusTransaction.requiringNew().run(() -> applyInTransaction(deliveries, handler));
            stalls.clear();
            return true;
        } catch (RuntimeException e) {
            Log.debugf("Batch of %d records falls back to one by one: %s", deliveries.size(), e.getMessage());
            return false;
        }
    }

    private void applyAlone(Delivery delivery, EventHandler handler) {
        ConsumerRecord<String, byte[]> record = delivery.record();
        int refusals = 0;
        while (true) {
            try {
                QuarkusTransaction.requiringNew().run(() -> applyInTransaction(List.of(delivery), handler));
                stalls.clear();
                return;
            } catch (PoisonEventException e) {
                deadLetters.send(record, e.getMessage());
                return;
            } catch (RuntimeException e) {
                if (stopping) {
                    throw new IllegalStateException("stopping before " + position(record) + " was applied", e);
                }
                boolean outage = Failures.isTransient(e);
                if (!outage && ++refusals > config.maxRetries()) {
                    deadLetters.send(record, "refused " + refusals + " times: " + Failures.reason(e));
                    return;
                }
                if (outage) {
                    stalls.stalled();
                }
                Log.warnf("Retrying %s after failure: %s", position(record), Failures.reason(e));
                pause(config.retryBackoff().multipliedBy(1L << Math.min(Math.max(refusals - 1, 0), 5)));
            }
        }
    }

    private void applyInTransaction(List<Delivery> deliveries, EventHandler handler) {
        Span span = consumeSpan(deliveries);
        try (Scope current = span.makeCurrent()) {
            List<CloudEvent<EventData>> events = deliveries.stream().map(Delivery::event).toList();
            List<String> topics = deliveries.stream().map(delivery -> delivery.record().topic()).toList();
            handler.handleAll(consumed.keepNew(events, topics));
        } catch (RuntimeException e) {
            span.setStatus(StatusCode.ERROR, e.getMessage());
            throw e;
        } finally {
            span.end();
        }
    }

    /**
     * One span per applied batch, so the events it writes continue a trace: the child of its first record's trace,
     * linked to every other record's.
     */
    private Span consumeSpan(List<Delivery> deliveries) {
        ConsumerRecord<String, byte[]> first = deliveries.get(0).record();
        SpanBuilder builder = tracer.spanBuilder("consume " + first.topic()).setSpanKind(SpanKind.CONSUMER)
                .setParent(TraceContext.of(first.headers()))
                .setAttribute("messaging.batch.message_count", deliveries.size());
        deliveries.stream().skip(1).forEach(delivery ->
                builder.addLink(Span.fromContext(TraceContext.of(delivery.record().headers())).getSpanContext()));
        return builder.startSpan();
    }

    void onShutdown(@Observes ShutdownEvent event) {
        stopping = true;
    }

    private static String position(ConsumerRecord<?, ?> record) {
        return record.topic() + "-" + record.partition() + "@" + record.offset();
    }

    private void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while retrying", e);
        }
    }
}
