package dev.proxyfleet.contracts;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Commercial status of a provider. */
public enum ProviderStatus {
    @JsonProperty("active") ACTIVE,
    @JsonProperty("inactive") INACTIVE,
    @JsonProperty("suspended") SUSPENDED
}
