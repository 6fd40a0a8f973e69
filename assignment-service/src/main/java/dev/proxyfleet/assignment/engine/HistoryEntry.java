package dev.proxyfleet.assignment.engine;

import java.time.Instant;

/** One change in an account's assignment, with why and who. */
public record HistoryEntry(long id, String accountId, String modelId, String action, Long proxyId, Long previousProxyId,
        String reason, String actor, Instant at) {
}
