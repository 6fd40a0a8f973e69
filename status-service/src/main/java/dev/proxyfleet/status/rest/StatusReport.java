package dev.proxyfleet.status.rest;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.proxyfleet.status.model.ProxyStatus;
import dev.proxyfleet.status.model.StatusSummary;
import java.util.List;

/** The body of {@code GET /api/status}: the summary's fields, then the proxies. No credentials. */
public record StatusReport(@JsonUnwrapped StatusSummary summary, List<ProxyStatus> proxies) {

    public static StatusReport of(List<ProxyStatus> proxies) {
        return new StatusReport(StatusSummary.of(proxies), proxies);
    }
}
