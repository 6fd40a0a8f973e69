package dev.proxyfleet.web;

/** A request that would break a uniqueness or reference rule: answered 409. */
public class ConflictException extends RuntimeException {

    private final Long existingId;

    public ConflictException(String detail, Long existingId) {
        super(detail);
        this.existingId = existingId;
    }

    public ConflictException(String detail) {
        this(detail, null);
    }

    /** The id of the entity the request collides with, if there is one. */
    public Long existingId() {
        return existingId;
    }
}
