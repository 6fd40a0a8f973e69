package dev.proxyfleet.messaging;

import dev.proxyfleet.contracts.CloudEvent;
import dev.proxyfleet.contracts.EventData;

/**
 * Applies one consumed event. Called inside a transaction that also records the event's id, once per event id: a
 * redelivered event is never passed on. Throwing {@link dev.proxyfleet.contracts.PoisonEventException} sends the
 * record to the dead-letter topic; any other exception rolls back and the record is retried.
 */
@FunctionalInterface
public interface EventHandler {

    void handle(CloudEvent<EventData> event);
}
