package dev.proxyfleet.status.rest;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.proxyfleet.status.model.ProxyStatus;
import dev.proxyfleet.status.model.ProxyView;
import dev.proxyfleet.status.model.StatusSummary;
import dev.proxyfleet.status.model.SystemSwitches;
import java.util.List;

/** The body of {@code GET /api/status}: the summary's fields, then the proxies as the caller's view shows them. */
public record StatusReport(@JsonUnwrapped StatusSummary summary, List<?> proxies) {

    public static StatusReport of(List<ProxyStatus> proxies, ProxyView view, SystemSwitches switches) {
        return new StatusReport(StatusSummary.of(proxies, switches), view.show(proxies));
    }
}
