package dev.proxyfleet.contracts;

import static dev.proxyfleet.contracts.EventData.required;
import static dev.proxyfleet.contracts.EventData.share;

import java.time.Instant;

/**
 * Our own egress on the compacted {@code provider-health}, under the reserved key {@value #KEY}: {@code egress.down}
 * when at least the outage threshold of all enabled proxies fail at once and health-service cannot reach its probe
 * target directly either (the network out of our site is down, not the providers), {@code egress.restored} once the
 * target is reachable directly again and fewer than the end threshold fail. While it is down no failing proxy is
 * ejected: their health events carry {@code providerOutage}, as in a provider's outage. The latest record says whether
 * it is down now.
 *
 * @param failedShare the share (0–1) of all enabled proxies whose last probe failed, when it was judged
 */
public record EgressData(Double failedShare, Instant at) implements EventData {

    /** The record key of every egress event: no provider id is a word. */
    public static final String KEY = "egress";

    public EgressData {
        share(failedShare, "failedShare");
        required(at, "at");
    }

    @Override
    public String key() {
        return KEY;
    }
}
