package dev.proxyfleet.contracts;

import static dev.proxyfleet.contracts.EventData.required;

import java.time.Instant;

/**
 * Where an account is now, on the compacted {@code assignment-state}: bound to {@code proxyId}, waiting for capacity
 * when it is null ({@code assignment.state}), or neither ({@code assignment.ended}, followed by a tombstone).
 *
 * @param vpsId the VPS host that manages the account, as {@code account.*} events named it; null when unknown
 * @param at when the account last changed
 */
public record AssignmentStateData(String accountId, String modelId, Long vpsId, Long proxyId, Instant at)
        implements EventData {

    public AssignmentStateData {
        required(accountId, "accountId");
        required(modelId, "modelId");
        required(at, "at");
    }

    @Override
    public String key() {
        return accountId;
    }
}
