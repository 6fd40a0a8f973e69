package dev.proxyfleet.contracts;

/**
 * A record that does not follow the contract (bad JSON, unknown {@code ce_type}, missing header or field).
 * Consumers send such records to {@code <topic>.dlq} with {@link #getMessage()} as the reason and go on.
 */
public class PoisonEventException extends RuntimeException {

    public PoisonEventException(String reason) {
        super(reason);
    }

    public PoisonEventException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
