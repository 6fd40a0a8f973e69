package dev.proxyfleet.status.push;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.proxyfleet.status.model.ProxyStatus;
import dev.proxyfleet.status.model.StatusSummary;
import java.util.List;

/**
 * A message on {@code /ws/status}: {@code snapshot} (every proxy, sent once on connect; {@link PushHub} renders it
 * with {@link dev.proxyfleet.status.model.FleetRendering}) or {@code delta} (the proxies that changed since the last
 * message, in full, the ids of deleted ones, and {@code providers: true} when a provider was created, changed or
 * deleted meanwhile); both carry the fleet's summary.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PushMessage(String type, @JsonUnwrapped StatusSummary summary, List<ProxyStatus> proxies, List<Long> removed,
        Boolean providers) {

    public static PushMessage delta(StatusSummary summary, List<ProxyStatus> proxies, List<Long> removed, boolean providers) {
        return new PushMessage("delta", summary, proxies, removed, providers ? Boolean.TRUE : null);
    }
}
