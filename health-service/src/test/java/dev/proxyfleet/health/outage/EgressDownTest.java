package dev.proxyfleet.health.outage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.proxyfleet.contracts.EgressData;
import dev.proxyfleet.contracts.EventType;
import dev.proxyfleet.contracts.HealthData;
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
    void everyProxyFailingWithTheTargetUnreachableDirectlyIsOurEgressDownAndNoLaterFallIsTheProxys() {
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
            // A proxy may fall before half of them failed (its fall takes 600 ms after its first failure, their first
            // failures spread over 2 s): those falls are the proxies' own. Every one judged once the egress was down
            // says it is not, and at least the proxies that had not failed yet when it went down fall after it.
            List<HealthData> falls = proxies.stream().map(proxy -> health.awaitChangeTo(proxy.id(), HealthState.FAILED))
                    .toList();
            assertThat(falls.stream().filter(fall -> fall.at().isAfter(down.at())))
                    .as("falls judged while our egress is down").isNotEmpty()
                    .allSatisfy(fall -> assertThat(fall.providerOutage()).as("proxy %d", fall.proxyId()).isTrue());
            OutageGauges.awaitEgress(1);
            assertThat(outages.of(providers[0])).as("a provider's outage").isEmpty();

            TargetServer.restart();
            EgressData restored = (EgressData) outages.await(EgressData.KEY, EventType.EGRESS_RESTORED);

            assertThat(restored.failedShare()).isLessThan(0.3);
            assertThat(restored.at()).isAfter(down.at());
            OutageGauges.awaitEgress(0);
        } finally {
            TargetServer.restart();
            // Even after a failure: dead proxies left behind would hold the egress down for the tests that follow.
            proxies.forEach(Inventory::delete);
            locals.forEach(LocalProxy::close);
        }
    }
}
