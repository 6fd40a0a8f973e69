package dev.proxyfleet.status.push;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.proxyfleet.status.model.StatusSummary;
import java.util.List;

/**
 * A message on {@code /ws/status}: {@code snapshot} (every proxy, sent once on connect; {@link PushHub} renders it
 * with {@link dev.proxyfleet.status.model.FleetRendering}) or {@code delta} (the proxies that changed since the last
 * message, in full, the ids of deleted ones, and {@code providers: true} when a provider was created, changed or
 * deleted meanwhile), each proxy as the client's {@link dev.proxyfleet.status.model.ProxyView} shows it;
 * both carry the fleet's summary and {@code seq}: a delta's number, one more than the message
 * before it on the socket; a snapshot's is that of the last delta it already contains. A client that sees a number
 * skipped has missed a change and connects again for a new snapshot.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PushMessage(String type, Long seq, @JsonUnwrapped StatusSummary summary, List<?> proxies,
        List<Long> removed, Boolean providers) {

    public static PushMessage delta(long seq, StatusSummary summary, List<?> proxies, List<Long> removed,
            boolean providers) {
        return new PushMessage("delta", seq, summary, proxies, removed, providers ? Boolean.TRUE : null);
    }
}
