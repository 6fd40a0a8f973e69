package dev.proxyfleet.assignment.engine;

import java.time.Instant;

/**
 * One change in an account's assignment, with why and who.
 *
 * @param exitIp for {@code exit-ip-changed}, the address the account's proxy leaves through now (else null)
 * @param previousExitIp for {@code exit-ip-changed}, the one it left through before (null: the first one read)
 */
public record HistoryEntry(long id, String accountId, String modelId, String action, Long proxyId, Long previousProxyId,
        String reason, String actor, Instant at, String exitIp, String previousExitIp) {
}
