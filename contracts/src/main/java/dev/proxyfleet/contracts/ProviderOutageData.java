package dev.proxyfleet.contracts;

import static dev.proxyfleet.contracts.EventData.required;
import static dev.proxyfleet.contracts.EventData.share;

import java.time.Instant;

/**
 * A provider's outage on the compacted {@code provider-health} ({@code provider.outage-started} when the share of its
 * enabled proxies whose last probe failed reaches the panic threshold, {@code provider.outage-ended} when it falls
 * below): the provider, not its proxies, is down, so its failing proxies are not ejected. The latest record of a
 * provider says whether it is in outage now.
 *
 * @param failedShare the share (0–1) of the provider's enabled proxies whose last probe failed, when it was judged
 */
public record ProviderOutageData(Long providerId, Double failedShare, Instant at) implements EventData {

    public ProviderOutageData {
        required(providerId, "providerId");
        share(failedShare, "failedShare");
        required(at, "at");
    }

    @Override
    public String key() {
        return providerId.toString();
    }
}
