package dev.proxyfleet.assignment.engine;

/** A request names an account this service does not know (and gives nothing to create it from). */
public class UnknownAccountException extends RuntimeException {

    public UnknownAccountException(String message) {
        super(message);
    }
}
