package dev.proxyfleet.web;

/** A request field that is well-formed but not acceptable (an unknown reference, a field that cannot be patched). */
public class InvalidFieldException extends RuntimeException {

    private final String field;

    public InvalidFieldException(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
