package dev.proxyfleet.assignment.engine;

/** A deadlock or serialization failure: the transaction can simply be run again. */
public class TransientDataException extends RuntimeException {

    public TransientDataException(String message, Throwable cause) {
        super(message, cause);
    }
}
