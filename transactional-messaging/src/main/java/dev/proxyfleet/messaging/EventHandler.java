package dev.proxyfleet.messaging;

import dev.proxyfleet.contracts.CloudEvent;
import dev.proxyfleet.contracts.EventData;
import dev.proxyfleet.contracts.EventType;
import java.util.List;

/**
 * Applies consumed events. Called by {@link EventIntake} inside a transaction that also records the events' ids, once
 * per event id: a redelivered event is never passed on. Throwing {@link dev.proxyfleet.contracts.PoisonEventException}
 * sends the record to the dead-letter topic; any other exception rolls back and the record is retried.
 */
public interface EventHandler {

    void handle(CloudEvent<EventData> event);

    /**
     * Whether events of this type, which belong to a topic the handler consumes, are of no interest to it. They are
     * passed over without a dedupe row, so that a topic's chatter (every {@code proxy.probed}) costs no writes.
     */
    default boolean ignores(EventType type) {
        return false;
    }

    /**
     * Applies the new events of one batch, in record order, in one transaction. Handlers that can apply a run of
     * events set-wise override this; they must keep the order of the events of one key.
     */
    default void handleAll(List<CloudEvent<EventData>> events) {
        events.forEach(this::handle);
    }
}
