package dev.proxyfleet.contracts;

import static dev.proxyfleet.contracts.EventData.required;

import java.time.Instant;

/** An assignment change; {@code proxyId} is null for {@code assignment.pending}. */
public record AssignmentData(
        String accountId,
        String modelId,
        Long proxyId,
        Long previousProxyId,
        AssignmentReason reason,
        Integer proxyAccountCount,
        Instant at) implements EventData {

    public AssignmentData {
        required(accountId, "accountId");
        required(reason, "reason");
        required(at, "at");
    }

    @Override
    public String key() {
        return accountId;
    }
}
