package dev.proxyfleet.assignment.engine;

import dev.proxyfleet.web.TimeRange;

/**
 * Which history entries a read answers; a null filter is not applied. {@code proxyId} matches the changes that bound
 * an account to the proxy or took it off; {@code before} is the paging cursor (entries with a smaller id).
 */
public record HistoryFilter(String accountId, Long proxyId, String actor, TimeRange during, Long before) {

    /** An account's or a proxy's history, or all of it. */
    public static HistoryFilter of(String accountId, Long proxyId) {
        return new HistoryFilter(accountId, proxyId, null, new TimeRange(null, null), null);
    }
}
