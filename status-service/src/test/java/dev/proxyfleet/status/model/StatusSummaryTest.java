package dev.proxyfleet.status.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A summary adjusted change by change equals one counted from scratch, in every overall state, and each state says in
 * words where requests go.
 */
class StatusSummaryTest {

    private static final String[] HEALTH = {ProxyStatus.HEALTHY, ProxyStatus.DEGRADED, ProxyStatus.FAILED, ProxyStatus.UNKNOWN};
    private static final SystemSwitches FALLBACK = new SystemSwitches(true, true);
    private static final SystemSwitches OFF = new SystemSwitches(false, false);

    @Test
    void adjustedSummaryEqualsCountedSummary() {
        Random random = new Random(7);
        List<SystemSwitches> switches = List.of(SystemSwitches.DEFAULT, FALLBACK, OFF);
        Map<Long, ProxyStatus> proxies = new HashMap<>();
        SystemSwitches now = SystemSwitches.DEFAULT;
        StatusSummary summary = StatusSummary.of(proxies.values(), now);
        List<Overall> seen = new ArrayList<>();
        for (int step = 0; step < 2_000; step++) {
            long id = random.nextInt(4); // few proxies: every overall state comes up
            ProxyStatus before = proxies.get(id);
            List<ProxyStatus> left = before == null ? List.of() : List.of(before);
            int action = random.nextInt(10);
            if (action == 0) {
                now = switches.get(random.nextInt(switches.size()));
                summary = summary.switched(now);
            } else if (action < 3) {
                proxies.remove(id);
                summary = summary.changed(left, List.of());
            } else {
                ProxyStatus after = proxy(id, random.nextInt(3) > 0, HEALTH[random.nextInt(random.nextBoolean() ? 1 : 4)]);
                proxies.put(id, after);
                summary = summary.changed(left, List.of(after));
            }
            assertThat(summary).isEqualTo(StatusSummary.of(proxies.values(), now));
            seen.add(summary.overall());
        }
        assertThat(seen).contains(Overall.values());
    }

    @Test
    void statesNameWhereRequestsGo() {
        List<ProxyStatus> mixed = List.of(proxy(1, true, ProxyStatus.HEALTHY), proxy(2, true, ProxyStatus.FAILED),
                proxy(3, false, ProxyStatus.FAILED));
        List<ProxyStatus> down = List.of(proxy(1, true, ProxyStatus.FAILED), proxy(2, true, ProxyStatus.UNKNOWN));
        List<ProxyStatus> degraded = List.of(proxy(1, true, ProxyStatus.DEGRADED), proxy(2, true, ProxyStatus.FAILED));
        assertThat(Stream.of(
                StatusSummary.of(List.of(proxy(1, true, ProxyStatus.HEALTHY)), SystemSwitches.DEFAULT),
                StatusSummary.of(mixed, SystemSwitches.DEFAULT),
                StatusSummary.of(degraded, SystemSwitches.DEFAULT),
                StatusSummary.of(down, FALLBACK),
                StatusSummary.of(down, SystemSwitches.DEFAULT),
                StatusSummary.of(mixed, OFF),
                StatusSummary.of(List.of(proxy(1, false, ProxyStatus.HEALTHY)), SystemSwitches.DEFAULT),
                StatusSummary.of(List.of(), FALLBACK))
                .map(s -> s.overall().json() + (s.direct() ? " direct: " : ": ") + s.message()))
                .containsExactly(
                        "healthy: 1 of 1 proxies healthy",
                        "degraded: 1 of 2 proxies healthy",
                        "degraded: 0 of 2 proxies healthy",
                        "degraded direct: all proxies down, using direct connection",
                        "error: all proxies down, requests will fail",
                        "disabled direct: proxy system disabled, using direct connection",
                        "empty: no enabled proxy",
                        "empty direct: no enabled proxy, using direct connection");
    }

    @Test
    void providersInOutageStayThroughChangesOfTheProxiesAndTheSwitchesUntilReplaced() {
        List<ProviderOutage> outages = List.of(new ProviderOutage(7, "Acme", 0.8, Instant.parse("2026-12-05T22:00:00Z")));

        StatusSummary summary = StatusSummary.of(List.of(), SystemSwitches.DEFAULT).withOutages(outages)
                .changed(List.of(), List.of(proxy(1, true, ProxyStatus.FAILED))).switched(FALLBACK);

        assertThat(summary.outages()).isEqualTo(outages);
        assertThat(summary.counts().failed()).isOne();
        assertThat(summary.withOutages(List.of()).outages()).isEmpty();
    }

    @Test
    void ourEgressIsReadAmongTheOutagesButShownAsEgressDownNotAsAProvidersOutage() {
        ProviderOutage acme = new ProviderOutage(7, "Acme", 0.8, Instant.parse("2026-12-05T22:00:00Z"));
        ProviderOutage egress = new ProviderOutage(ProviderOutage.EGRESS, null, 0.9, Instant.parse("2026-12-05T22:01:00Z"));

        StatusSummary fleet = StatusSummary.of(List.of(proxy(1, true, ProxyStatus.FAILED)), SystemSwitches.DEFAULT)
                .withOutages(List.of(egress, acme));

        assertThat(fleet.outages()).containsExactly(acme);
        assertThat(fleet.egressDown()).isTrue();
        assertThat(fleet.message()).isEqualTo("our egress is down: proxies fail, none is ejected");
        assertThat(StatusSummary.of(List.of(), SystemSwitches.DEFAULT).withFleetStateOf(fleet).egressDown()).isTrue();
        assertThat(fleet.withOutages(List.of(acme)).egressDown()).isFalse();
    }

    @Test
    void theLocationCheckIsTheFleetsAndStaysThroughChangesOfTheProxiesTheSwitchesAndTheOutages() {
        StatusSummary fleet = StatusSummary.of(List.of(), SystemSwitches.DEFAULT).checkingLocations(true)
                .changed(List.of(), List.of(proxy(1, true, ProxyStatus.HEALTHY))).switched(FALLBACK)
                .withOutages(List.of());

        assertThat(fleet.locationCheck()).isTrue();
        assertThat(StatusSummary.of(List.of(), SystemSwitches.DEFAULT).locationCheck()).isFalse();
        assertThat(StatusSummary.of(List.of(), SystemSwitches.DEFAULT).withFleetStateOf(fleet).locationCheck()).isTrue();
    }

    private static ProxyStatus proxy(long id, boolean enabled, String health) {
        return new ProxyStatus(id, "h", 1, "http", null, null, null, List.of(), 0, enabled, health, null, null, 0, null,
                null, null, null, null, null, 0, 3, null, null, null, 0, 0, null, 0, 2, List.of());
    }
}
