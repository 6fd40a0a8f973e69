package dev.proxyfleet.status.model;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** The fleet's state in one word, judged over enabled proxies. */
public enum Overall {
    /** No enabled proxy. */
    EMPTY,
    /** Every enabled proxy is healthy. */
    HEALTHY,
    /** At least one enabled proxy is healthy, some are not. */
    DEGRADED,
    /** No enabled proxy is healthy. */
    DOWN;

    @JsonValue
    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }
}
