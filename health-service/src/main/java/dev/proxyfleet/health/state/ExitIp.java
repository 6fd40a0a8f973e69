package dev.proxyfleet.health.state;

import java.time.Instant;

/**
 * The address a proxy's traffic last left through, as the exit-IP check read it, and since when.
 *
 * @param address null: never read
 * @param changedAt when the proxy was first seen leaving through {@code address}
 */
public record ExitIp(String address, Instant changedAt) {

    /** A proxy whose exit IP was never read. */
    public static final ExitIp UNKNOWN = new ExitIp(null, null);

    /**
     * The exit IP after a probe at {@code at} that read {@code observed}. A probe that read none (the check is off, not
     * due, or its answer could not be read) leaves the last one known: an echo that fails says nothing about the proxy.
     */
    ExitIp after(String observed, Instant at) {
        return observed == null || observed.equals(address) ? this : new ExitIp(observed, at);
    }
}
