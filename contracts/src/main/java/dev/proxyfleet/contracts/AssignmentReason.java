package dev.proxyfleet.contracts;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Why an assignment changed. */
public enum AssignmentReason {
    @JsonProperty("automatic") AUTOMATIC,
    @JsonProperty("manual") MANUAL,
    @JsonProperty("account_deleted") ACCOUNT_DELETED,
    @JsonProperty("account_invalid") ACCOUNT_INVALID,
    @JsonProperty("proxy_deleted") PROXY_DELETED,
    @JsonProperty("proxy_disabled") PROXY_DISABLED,
    @JsonProperty("proxy_failed") PROXY_FAILED,
    @JsonProperty("model_changed") MODEL_CHANGED,
    @JsonProperty("no_capacity") NO_CAPACITY,
    /** The proxy's new exit IP is another model's, or has no room for its accounts. */
    @JsonProperty("exit_ip_conflict") EXIT_IP_CONFLICT,
    /** The proxy's exit IP changed (moved only while the runtime setting {@code exitIpChangeMovesAccounts} is on). */
    @JsonProperty("exit_ip_changed") EXIT_IP_CHANGED
}
