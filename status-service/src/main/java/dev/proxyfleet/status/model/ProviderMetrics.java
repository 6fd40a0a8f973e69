package dev.proxyfleet.status.model;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Per provider, from the read model every 10 s: {@code fleet_provider_proxies{provider,state}} (proxies by health
 * state, every state listed, 0 included) and {@code fleet_provider_utilisation{provider}} (assigned accounts / the
 * sum of the proxies' {@code maxAccounts}, 0 without capacity), beside health-service's fleet-wide
 * {@code fleet_health_proxies{state}}. The label is the provider's name ({@code none} for proxies without one);
 * a provider that is gone drops its series.
 */
@ApplicationScoped
public class ProviderMetrics {

    static final String NO_PROVIDER = "none";
    private static final List<String> STATES =
            List.of(ProxyStatus.UNKNOWN, ProxyStatus.HEALTHY, ProxyStatus.DEGRADED, ProxyStatus.FAILED);

    private final FleetModel model;
    private final MultiGauge proxies;
    private final MultiGauge utilisation;

    public ProviderMetrics(FleetModel model, MeterRegistry registry) {
        this.model = model;
        this.proxies = MultiGauge.builder("fleet.provider.proxies")
                .description("Proxies of a provider by health state").register(registry);
        this.utilisation = MultiGauge.builder("fleet.provider.utilisation")
                .description("Assigned accounts of a provider's proxies / their capacity").register(registry);
    }

    @Scheduled(every = "10s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void measure() {
        Map<String, List<ProxyStatus>> byProvider = model.snapshot().all().stream().collect(Collectors.groupingBy(
                proxy -> Objects.requireNonNullElse(proxy.provider(), NO_PROVIDER), TreeMap::new, Collectors.toList()));
        List<MultiGauge.Row<?>> stateRows = new ArrayList<>();
        List<MultiGauge.Row<?>> utilisationRows = new ArrayList<>();
        byProvider.forEach((provider, members) -> {
            for (String state : STATES) {
                long count = members.stream().filter(proxy -> state.equals(proxy.health())).count();
                stateRows.add(MultiGauge.Row.of(Tags.of("provider", provider, "state", state), count));
            }
            long capacity = members.stream().mapToLong(ProxyStatus::maxAccounts).sum();
            long accounts = members.stream().mapToLong(ProxyStatus::accounts).sum();
            utilisationRows.add(MultiGauge.Row.of(Tags.of("provider", provider),
                    capacity == 0 ? 0 : (double) accounts / capacity));
        });
        proxies.register(stateRows, true);
        utilisation.register(utilisationRows, true);
    }
}
