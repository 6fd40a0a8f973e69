package dev.proxyfleet.contracts;

import com.fasterxml.jackson.annotation.JsonProperty;

/** What a client saw when it used a proxy. */
public enum UsageOutcome {
    @JsonProperty("success") SUCCESS,
    @JsonProperty("failure") FAILURE
}
