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
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.health.Readiness;

/**
 * What every consuming channel does with a batch of records (the records of one poll, in order): applies it in one
 * transaction together with the events' dedupe rows, and only then completes, so that SmallRye acknowledges (and later
 * commits) the offsets after the commit. Nothing blocks: the channel's method returns the {@link Uni} of this work and
 * SmallRye hands it the next batch once that completes, which keeps the order of each partition. A crash replays what was not committed; the dedupe makes the replay change
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

    private final Transactions transactions;
    private final ConsumedEvents consumed;
    private final DeadLetters deadLetters;
    private final ConsumerConfig config;
    private final ConsumerStalls stalls;
    private final Tracer tracer;
    private volatile boolean stopping;

    public EventIntake(Transactions transactions, ConsumedEvents consumed, DeadLetters deadLetters,
            ConsumerConfig config, @Readiness ConsumerStalls stalls, Tracer tracer) {
        this.transactions = transactions;
        this.consumed = consumed;
        this.deadLetters = deadLetters;
        this.config = config;
        this.stalls = stalls;
        this.tracer = tracer;
    }

    /** Applies the records of one batch; completes once each is applied or dead-lettered. */
    public Uni<Void> apply(Iterable<ConsumerRecord<String, byte[]>> records, EventHandler handler) {
        List<Delivery> deliveries = new ArrayList<>();
        List<ConsumerRecord<String, byte[]>> poison = new ArrayList<>();
        List<String> reasons = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            if (record.value() == null) {
                continue;
            }
            try {
                CloudEvent<EventData> event = read(record);
                if (!handler.ignores(event.type())) {
                    deliveries.add(new Delivery(record, event));
                }
            } catch (PoisonEventException e) {
                poison.add(record);
                reasons.add(e.getMessage());
            }
        }
        Uni<Void> deadLettered = Multi.createFrom().range(0, poison.size()).onItem()
                .transformToUniAndConcatenate(i -> deadLetters.send(poison.get(i), reasons.get(i)))
                .collect().last().replaceWithVoid();
        return deadLettered
                .chain(() -> deliveries.size() > 1 ? appliedTogether(deliveries, handler) : Uni.createFrom().item(false))
                .chain(together -> together ? Uni.createFrom().voidItem()
                        : Tx.each(deliveries, delivery -> applyAlone(delivery, handler)));
    }

    private static CloudEvent<EventData> read(ConsumerRecord<String, byte[]> record) {
        CloudEvent<EventData> event = CloudEvent.fromKafka(record.headers(), record.value());
        if (Topic.named(record.topic()).filter(topic -> topic == event.type().topic()).isEmpty()) {
            throw new PoisonEventException(event.type().ceType() + " does not belong on " + record.topic());
        }
        return event;
    }

    /** False when anything in the batch failed (a poison record, a deadlock): nothing of it is then kept. */
    private Uni<Boolean> appliedTogether(List<Delivery> deliveries, EventHandler handler) {
        return applyInTransaction(deliveries, handler)
                .invoke(stalls::clear)
                .replaceWith(true)
                .onFailure().recoverWithItem(e -> {
                    Log.debugf("Batch of %d records falls back to one by one: %s", deliveries.size(), e.getMessage());
                    return false;
                });
    }

    /**
     * Applies one record, retrying as the class comment says. The attempts repeat in a loop rather than nest, so an
     * outage of hours holds no growing chain of retries.
     */
    private Uni<Void> applyAlone(Delivery delivery, EventHandler handler) {
        Attempts attempts = new Attempts(delivery, handler);
        return Multi.createBy().repeating().uni(attempts::next).whilst(done -> !done)
                .collect().last().replaceWithVoid();
    }

    /** The retries of one record: each call of {@link #next} is one attempt, answering whether the record is done. */
    private final class Attempts {
        private final Delivery delivery;
        private final EventHandler handler;
        private int refusals;
        private Duration pause = Duration.ZERO;

        Attempts(Delivery delivery, EventHandler handler) {
            this.delivery = delivery;
            this.handler = handler;
        }

        Uni<Boolean> next() {
            Uni<Void> wait = pause.isZero() ? Uni.createFrom().voidItem()
                    : Uni.createFrom().voidItem().onItem().delayIt().by(pause);
            return wait.chain(() -> applyInTransaction(List.of(delivery), handler))
                    .invoke(stalls::clear)
                    .replaceWith(true)
                    .onFailure().recoverWithUni(this::failed);
        }

        private Uni<Boolean> failed(Throwable e) {
            ConsumerRecord<String, byte[]> record = delivery.record();
            if (e instanceof PoisonEventException) {
                return deadLetters.send(record, e.getMessage()).replaceWith(true);
            }
            if (stopping) {
                return Uni.createFrom().failure(
                        new IllegalStateException("stopping before " + position(record) + " was applied", e));
            }
            boolean outage = Failures.isTransient(e);
            if (!outage && ++refusals > config.maxRetries()) {
                return deadLetters.send(record, "refused " + refusals + " times: " + Failures.reason(e)).replaceWith(true);
            }
            if (outage) {
                stalls.stalled();
            }
            Log.warnf("Retrying %s after failure: %s", position(record), Failures.reason(e));
            pause = config.retryBackoff().multipliedBy(1L << Math.min(Math.max(refusals - 1, 0), 5));
            return Uni.createFrom().item(false);
        }
    }

    private Uni<Void> applyInTransaction(List<Delivery> deliveries, EventHandler handler) {
        Span span = consumeSpan(deliveries);
        String traceParent = TraceContext.of(span);
        List<CloudEvent<EventData>> events = deliveries.stream().map(Delivery::event).toList();
        List<String> topics = deliveries.stream().map(delivery -> delivery.record().topic()).toList();
        return transactions.inTransaction(traceParent,
                        tx -> consumed.keepNew(tx, events, topics).chain(fresh -> handler.apply(tx, fresh)))
                .onTermination().invoke((result, failure, cancelled) -> {
                    if (failure != null) {
                        span.setStatus(StatusCode.ERROR, failure.getMessage());
                    }
                    span.end();
                });
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
}
