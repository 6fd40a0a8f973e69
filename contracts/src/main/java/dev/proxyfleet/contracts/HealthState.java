package dev.proxyfleet.contracts;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Health of a proxy as judged by health-service. */
public enum HealthState {
    @JsonProperty("unknown") UNKNOWN,
    @JsonProperty("healthy") HEALTHY,
    @JsonProperty("degraded") DEGRADED,
    @JsonProperty("failed") FAILED
}
