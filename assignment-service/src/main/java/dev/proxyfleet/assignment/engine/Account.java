package dev.proxyfleet.assignment.engine;

import java.time.Instant;

/** An account as this service knows it: bound to a proxy, pending (waiting for capacity), or inactive. */
public record Account(String accountId, String modelId, Long vpsId, boolean active, Long proxyId, Instant pendingSince) {

    /** A new active account, bound to nothing yet. */
    public static Account fresh(String accountId, String modelId, Long vpsId) {
        return new Account(accountId, modelId, vpsId, true, null, null);
    }

    public boolean pending() {
        return pendingSince != null;
    }
}
