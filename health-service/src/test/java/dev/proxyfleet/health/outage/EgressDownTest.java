package dev.proxyfleet.health.outage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.proxyfleet.contracts.EgressData;
import dev.proxyfleet.contracts.EventType;
import dev.proxyfleet.contracts.HealthState;
import dev.proxyfleet.contracts.ProxyData;
import dev.proxyfleet.crypto.CredentialCipher;
import dev.proxyfleet.health.HealthEvents;
import dev.proxyfleet.health.HealthTestResource;
import dev.proxyfleet.health.Inventory;
import dev.proxyfleet.health.LocalProxy;
import dev.proxyfleet.health.TargetServer;
import dev.proxyfleet.localinfra.TestEvents;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Our own egress going down over real proxies, Kafka and PostgreSQL: ten loopback proxies, three each of two providers
 * (fewer than {@code outage-min-proxies}, so neither provider's outage can start) and four without a provider, and
 * the probe target, a local server, stopped: every probe fails, through a proxy or not. The proxies are probed every
 * 2 s, so that the direct check (every fast interval, 300 ms) has failed before their first failed probe.
 */
@QuarkusTest
@WithTestResource(HealthTestResource.class)
class EgressDownTest {

    private static final String PASSWORD = Inventory.SECRET_MARKER + "-egress";
    private static final List<String> LABELS = List.of("health-interval=2s");

    @Inject
    CredentialCipher cipher;

    @Test
    void everyProxyFailingWithTheTargetUnreachableDirectlyIsOurEgressDownAndNoFallIsTheProxys() {
        List<LocalProxy> locals = new ArrayList<>();
        List<ProxyData> proxies = new ArrayList<>();
        long[] providers = {Inventory.nextId(), Inventory.nextId()};
        try (HealthEvents health = new HealthEvents(); OutageEvents outages = new OutageEvents()) {
            for (int i = 0; i < 10; i++) {
                locals.add(LocalProxy.http(Inventory.USER, PASSWORD));
                Long provider = i < 6 ? providers[i / 3] : null;
                ProxyData proxy = Inventory.proxyOf(provider, locals.get(i), PASSWORD, LABELS, cipher);
                proxies.add(proxy);
                TestEvents.publish(EventType.PROXY_CREATED, proxy);
            }
            proxies.forEach(proxy -> health.awaitChangeTo(proxy.id(), HealthState.HEALTHY));

            TargetServer.stop();
            EgressData down = (EgressData) outages.await(EgressData.KEY, EventType.EGRESS_DOWN);

            assertThat(down.failedShare()).isGreaterThanOrEqualTo(0.5);
            for (ProxyData proxy : proxies) {
                assertThat(health.awaitChangeTo(proxy.id(), HealthState.FAILED).providerOutage())
                        .as("proxy %d's fall while our egress is down", proxy.id()).isTrue();
            }
            OutageGauges.awaitEgress(1);
            assertThat(outages.of(providers[0])).as("a provider's outage").isEmpty();

            TargetServer.restart();
            EgressData restored = (EgressData) outages.await(EgressData.KEY, EventType.EGRESS_RESTORED);

            assertThat(restored.failedShare()).isLessThan(0.3);
            assertThat(restored.at()).isAfter(down.at());
            OutageGauges.awaitEgress(0);
            proxies.forEach(Inventory::delete);
        } finally {
            TargetServer.restart();
            locals.forEach(LocalProxy::close);
        }
    }
}
