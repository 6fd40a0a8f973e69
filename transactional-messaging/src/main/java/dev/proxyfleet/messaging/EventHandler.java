package dev.proxyfleet.messaging;

import dev.proxyfleet.contracts.CloudEvent;
import dev.proxyfleet.contracts.EventData;
import dev.proxyfleet.contracts.EventType;
import io.smallrye.mutiny.Uni;
import java.util.List;

/**
 * Applies consumed events. Called by {@link EventIntake} inside a transaction that also records the events' ids, once
 * per event id: a redelivered event is never passed on. Failing with {@link dev.proxyfleet.contracts.PoisonEventException}
 * sends the record to the dead-letter topic; any other failure rolls back and the record is retried.
 */
public interface EventHandler {

    /**
     * Applies the new events of one batch, in record order, in the transaction {@code tx}. A handler may apply a run
     * of events set-wise; it must keep the order of the events of one key.
     */
    Uni<Void> apply(Tx tx, List<CloudEvent<EventData>> events);

    /**
     * Whether events of this type, which belong to a topic the handler consumes, are of no interest to it. They are
     * passed over without a dedupe row, so that a topic's chatter (every {@code proxy.probed}) costs no writes.
     */
    default boolean ignores(EventType type) {
        return false;
    }
}
