package dev.proxyfleet.messaging;

import dev.proxyfleet.contracts.CloudEvent;
import dev.proxyfleet.contracts.EventData;
import java.util.List;

/**
 * Applies consumed events. Called inside a transaction that also records the events' ids, once per event id: a
 * redelivered event is never passed on. Throwing {@link dev.proxyfleet.contracts.PoisonEventException} sends the
 * record to the dead-letter topic; any other exception rolls back and the records are retried.
 */
@FunctionalInterface
public interface EventHandler {

    void handle(CloudEvent<EventData> event);

    /**
     * Applies the new events of one poll, in record order, in one transaction. Handlers that can apply a run of
     * events set-wise override this; they must keep the order of the events of one key.
     */
    default void handleAll(List<CloudEvent<EventData>> events) {
        events.forEach(this::handle);
    }
}
