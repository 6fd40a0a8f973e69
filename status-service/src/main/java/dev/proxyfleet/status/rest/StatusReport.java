package dev.proxyfleet.status.rest;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.proxyfleet.status.model.ProxyStatus;
import dev.proxyfleet.status.model.ProxyView;
import dev.proxyfleet.status.model.StatusSummary;
import java.util.List;

/** The body of {@code GET /api/status}: the summary's fields, then the proxies as the caller's view shows them. */
public record StatusReport(@JsonUnwrapped StatusSummary summary, List<?> proxies) {

    /**
     * Some of the fleet's proxies, summed up under the fleet's settings; the providers in outage, our egress and the
     * location check are the fleet's, whatever the proxies shown.
     */
    public static StatusReport of(List<ProxyStatus> proxies, ProxyView view, StatusSummary fleet) {
        return new StatusReport(StatusSummary.of(proxies, fleet.switches()).withFleetStateOf(fleet),
                view.show(proxies));
    }
}
