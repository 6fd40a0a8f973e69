package dev.proxyfleet.health.outage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.proxyfleet.contracts.EventType;
import dev.proxyfleet.contracts.HealthData;
import dev.proxyfleet.contracts.HealthState;
import dev.proxyfleet.contracts.ProxyData;
import dev.proxyfleet.crypto.CredentialCipher;
import dev.proxyfleet.health.HealthEvents;
import dev.proxyfleet.health.HealthTestResource;
import dev.proxyfleet.health.Inventory;
import dev.proxyfleet.health.LocalProxy;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A provider's outage that its proxies' regular probes discover one by one, over real proxies, Kafka and PostgreSQL:
 * 24 loopback proxies of one provider, each probed every 5 s (a label) against the tests' fast interval of 300 ms, fall
 * 3, the outage at half of them failing and at least five ({@code health.outage-*} defaults).
 *
 * <p>20 of them die at once. Their first failed probes come spread over 5 s, and the outage is known at the twelfth.
 * With fast re-probes for all, a proxy would fall 600 ms after its first failure, so about nine of the twenty would
 * fall before the outage is known and move their accounts. Once five are failing the provider is suspected and its
 * falls wait for the regular schedule: at most four fall unflagged.
 */
@QuarkusTest
@WithTestResource(HealthTestResource.class)
class SuspectedOutageTest {

    private static final String PASSWORD = Inventory.SECRET_MARKER + "-suspected";
    private static final int PROXIES = 24;
    private static final int KILLED = 20;
    /** {@code health.outage-min-proxies}: the fewest failing proxies that can start an outage. */
    private static final int MIN_PROXIES = 5;

    @Inject
    CredentialCipher cipher;

    @Test
    void onceEnoughProxiesOfAProviderFailTheRestFallAtTheRegularPaceAndTheOutageIsKnownBeforeTheyDo() {
        long provider = Inventory.nextId();
        try (HealthEvents health = new HealthEvents(); OutageEvents outages = new OutageEvents();
                HealthyProxies fleet = HealthyProxies.of(Collections.nCopies(PROXIES, provider), PASSWORD,
                        List.of("health-interval=5s"), cipher, health)) {
            List<ProxyData> killed = fleet.proxies.subList(0, KILLED);
            fleet.locals.subList(0, KILLED).forEach(LocalProxy::kill);

            outages.await(provider, EventType.PROVIDER_OUTAGE_STARTED);
            List<HealthData> falls = killed.stream().map(proxy -> health.awaitChangeTo(proxy.id(), HealthState.FAILED))
                    .toList();

            assertThat(falls.stream().filter(fall -> !fall.providerOutage()).count())
                    .as("falls before the outage was known, of %d", KILLED).isLessThan(MIN_PROXIES);
            killed.forEach(Inventory::delete);
            fleet.proxies.subList(KILLED, PROXIES).forEach(Inventory::delete);
        }
    }
}
