package dev.proxyfleet.contracts;

import static dev.proxyfleet.contracts.EventData.required;

import java.time.Instant;

/** A client's report of one real use of a proxy. */
public record UsageData(Long proxyId, String accountId, UsageOutcome outcome, Long latencyMs, String error, Instant at)
        implements EventData {

    public UsageData {
        required(proxyId, "proxyId");
        required(outcome, "outcome");
        required(at, "at");
    }

    @Override
    public String key() {
        return proxyId.toString();
    }
}
