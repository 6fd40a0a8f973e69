package dev.proxyfleet.status.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.Collection;
import java.util.List;

/**
 * The overall state and the counts of a set of proxies.
 *
 * @param direct whether selection now answers {@code {"direct": true}}: the proxy system is off, or no enabled proxy
 *     serves and the fallback is on
 * @param counts enabled proxies by health
 * @param total proxies, enabled or not
 * @param enabled enabled proxies
 * @param outages the providers in outage, by provider id
 * @param egressDown whether our own egress is down (health-service's {@code egress.down}): every proxy fails, and none
 *     is ejected
 * @param locationCheck whether the location check is on (a GeoIP database is configured): without it no proxy has an
 *     exit country
 * @param switches the settings the state was judged by
 */
@JsonPropertyOrder({"overall", "direct", "message", "counts", "total", "enabled", "outages", "egressDown",
        "locationCheck"})
public record StatusSummary(Overall overall, boolean direct, HealthCounts counts, int total, int enabled,
        List<ProviderOutage> outages, boolean egressDown, boolean locationCheck, @JsonIgnore SystemSwitches switches) {

    /** Enabled proxies by health. */
    public record HealthCounts(int healthy, int degraded, int failed, int unknown) {

        /** Proxies selection may pick: healthy or degraded ones. */
        int serving() {
            return healthy + degraded;
        }
    }

    public static StatusSummary of(Collection<ProxyStatus> proxies, SystemSwitches switches) {
        return judged(new HealthCounts(0, 0, 0, 0), 0, 0, List.of(), false, false, switches).changed(List.of(), proxies);
    }

    /** This summary after the proxies {@code left} were replaced or removed and the proxies {@code joined} added. */
    public StatusSummary changed(Collection<ProxyStatus> left, Collection<ProxyStatus> joined) {
        int[] byHealth = {counts.healthy(), counts.degraded(), counts.failed(), counts.unknown()};
        int[] enabled = {this.enabled};
        left.forEach(proxy -> count(proxy, -1, byHealth, enabled));
        joined.forEach(proxy -> count(proxy, 1, byHealth, enabled));
        HealthCounts after = new HealthCounts(byHealth[0], byHealth[1], byHealth[2], byHealth[3]);
        return judged(after, total - left.size() + joined.size(), enabled[0], outages, egressDown, locationCheck,
                switches);
    }

    /** The same proxies judged by other settings. */
    public StatusSummary switched(SystemSwitches changed) {
        return judged(counts, total, enabled, outages, egressDown, locationCheck, changed);
    }

    /**
     * The same proxies with these outages as read: the providers in outage, and our egress down when they hold its row
     * ({@link ProviderOutage#EGRESS}).
     */
    public StatusSummary withOutages(List<ProviderOutage> current) {
        return judged(counts, total, enabled,
                current.stream().filter(outage -> outage.providerId() != ProviderOutage.EGRESS).toList(),
                current.stream().anyMatch(outage -> outage.providerId() == ProviderOutage.EGRESS), locationCheck,
                switches);
    }

    /** The same proxies with the location check on or off. */
    public StatusSummary checkingLocations(boolean on) {
        return judged(counts, total, enabled, outages, egressDown, on, switches);
    }

    /**
     * The same proxies with what {@code fleet}, the fleet's summary, says of the whole fleet whatever the proxies: the
     * outages, our egress and the location check.
     */
    public StatusSummary withFleetStateOf(StatusSummary fleet) {
        return judged(counts, total, enabled, fleet.outages, fleet.egressDown, fleet.locationCheck, switches);
    }

    /** The state in words, as the dashboard's header shows it after the state's name. */
    @JsonProperty
    public String message() {
        if (egressDown && overall != Overall.DISABLED) {
            return "our egress is down: proxies fail, none is ejected";
        }
        return switch (overall) {
            case DISABLED -> "proxy system disabled, using direct connection";
            case EMPTY -> direct ? "no enabled proxy, using direct connection" : "no enabled proxy";
            case ERROR -> "all proxies down, requests will fail";
            case DEGRADED, HEALTHY -> direct ? "all proxies down, using direct connection"
                    : counts.healthy() + " of " + enabled + " proxies healthy";
        };
    }

    private static StatusSummary judged(HealthCounts counts, int total, int enabled, List<ProviderOutage> outages,
            boolean egressDown, boolean locationCheck, SystemSwitches switches) {
        boolean none = counts.serving() == 0;
        boolean direct = !switches.proxySystemEnabled() || none && switches.fallbackToDirect();
        Overall overall;
        if (!switches.proxySystemEnabled()) {
            overall = Overall.DISABLED;
        } else if (enabled == 0) {
            overall = Overall.EMPTY;
        } else if (none) {
            overall = direct ? Overall.DEGRADED : Overall.ERROR;
        } else {
            overall = counts.healthy() == enabled ? Overall.HEALTHY : Overall.DEGRADED;
        }
        return new StatusSummary(overall, direct, counts, total, enabled, outages, egressDown, locationCheck, switches);
    }

    private static void count(ProxyStatus proxy, int sign, int[] byHealth, int[] enabled) {
        if (proxy.enabled()) {
            enabled[0] += sign;
            byHealth[index(proxy.health())] += sign;
        }
    }

    private static int index(String health) {
        return switch (health) {
            case ProxyStatus.HEALTHY -> 0;
            case ProxyStatus.DEGRADED -> 1;
            case ProxyStatus.FAILED -> 2;
            default -> 3;
        };
    }
}
