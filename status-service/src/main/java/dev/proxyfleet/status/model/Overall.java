package dev.proxyfleet.status.model;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** The fleet's state in one word, judged over enabled proxies and the {@link SystemSwitches}. */
public enum Overall {
    /** No enabled proxy. */
    EMPTY,
    /** Every enabled proxy is healthy. */
    HEALTHY,
    /**
     * Some enabled proxies are not healthy yet some serve (healthy or degraded); or none serves and requests go direct
     * (the fallback is on).
     */
    DEGRADED,
    /** No enabled proxy serves and the fallback is off: requests fail. */
    ERROR,
    /** The proxy system is switched off: requests go direct, whatever the proxies' health. */
    DISABLED;

    @JsonValue
    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }
}
