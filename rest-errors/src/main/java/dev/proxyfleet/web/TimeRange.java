package dev.proxyfleet.web;

import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * A time range from query parameters ({@code from} inclusive, {@code to} exclusive), either end open (null). Taken as
 * text and parsed here: JAX-RS answers a query parameter it cannot convert with 404, where a 400 naming it is due.
 */
public record TimeRange(Instant from, Instant to) {

    /** Parses both ends; an end that is not an ISO-8601 instant, or a {@code to} not after {@code from}, is a 400. */
    public static TimeRange of(String from, String to) {
        TimeRange range = new TimeRange(instant("from", from), instant("to", to));
        if (range.from != null && range.to != null && !range.to.isAfter(range.from)) {
            throw new InvalidFieldException("to", "must be after from");
        }
        return range;
    }

    private static Instant instant(String field, String value) {
        try {
            return value == null ? null : Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new InvalidFieldException(field, "must be an ISO-8601 instant such as 2026-12-05T10:00:00Z");
        }
    }
}
