package dev.proxyfleet.status.model;

import java.time.Instant;

/**
 * An API key bound to a proxy, as viewers see it: never its secret.
 *
 * @param exhaustedUntil until when its consumer reported it exhausted (rate-limited upstream); null when never
 */
public record KeyStatus(long id, String name, String pool, Instant exhaustedUntil) {

    /** Whether it is still exhausted at {@code now}. */
    public boolean exhaustedAt(Instant now) {
        return exhaustedUntil != null && exhaustedUntil.isAfter(now);
    }
}
