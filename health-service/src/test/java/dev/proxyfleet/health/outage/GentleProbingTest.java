package dev.proxyfleet.health.outage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.proxyfleet.contracts.EventType;
import dev.proxyfleet.contracts.HealthData;
import dev.proxyfleet.contracts.HealthState;
import dev.proxyfleet.contracts.ProviderOutageData;
import dev.proxyfleet.contracts.ProxyData;
import dev.proxyfleet.crypto.CredentialCipher;
import dev.proxyfleet.health.HealthConfig;
import dev.proxyfleet.health.HealthEvents;
import dev.proxyfleet.health.HealthTestResource;
import dev.proxyfleet.health.Inventory;
import dev.proxyfleet.health.LocalProxy;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The probes of a provider in outage over real proxies, Kafka and PostgreSQL: five loopback proxies of one provider
 * (the tests' interval 200 ms, a failed proxy backing off to 400 ms at most, the outage interval 4 s). Times are those
 * the service stamped on its events.
 */
@QuarkusTest
@WithTestResource(HealthTestResource.class)
class GentleProbingTest {

    private static final String PASSWORD = Inventory.SECRET_MARKER + "-gentle";
    private static final int PROXIES = 5;

    @Inject
    CredentialCipher cipher;
    @Inject
    HealthConfig config;

    @Test
    void proxiesOfAProviderInOutageAreProbedAtTheOutageIntervalAndAtTheRegularOneAsSoonAsItEnds() {
        long provider = Inventory.nextId();
        try (HealthEvents health = new HealthEvents(); OutageEvents outages = new OutageEvents();
                HealthyProxies fleet = HealthyProxies.of(provider, PROXIES, PASSWORD, cipher, health)) {
            List<LocalProxy> locals = fleet.locals;
            List<ProxyData> proxies = fleet.proxies;

            locals.forEach(LocalProxy::kill);
            outages.await(provider, EventType.PROVIDER_OUTAGE_STARTED);
            Instant gentleFrom = OutageGauges.awaitProvider(provider, 1);

            // Each proxy's probes once the schedule read the outage: at least the outage interval apart, though these proxies
            // are failing (fast re-probes) and then failed (backing off to 400 ms at most) at the same time.
            long gentleMs = Math.round(config.outageInterval().toMillis() * (1 - config.jitter()));
            for (ProxyData proxy : proxies) {
                List<Instant> probes = probesAfter(health, proxy.id(), gentleFrom, 3);
                for (int i = 1; i < probes.size(); i++) {
                    assertThat(Duration.between(probes.get(i - 1), probes.get(i)).toMillis())
                            .as("proxy %d's probes during its provider's outage", proxy.id())
                            .isGreaterThanOrEqualTo(gentleMs);
                }
            }

            // Four come back, one stays dead: the outage ends with the first probe that leaves one of five failing.
            locals.subList(1, PROXIES).forEach(LocalProxy::start);
            ProviderOutageData ended = outages.await(provider, EventType.PROVIDER_OUTAGE_ENDED);
            Instant endRead = OutageGauges.awaitProvider(provider, 0);

            // Every proxy, the one whose probe ended the outage (its next one was timed by the outage) and the dead one
            // included, is probed within a first delay of the regular interval once the end was read (and a second for
            // a busy machine), not an outage interval after its last probe.
            Duration regular = config.interval().plus(Duration.ofSeconds(1));
            for (ProxyData proxy : proxies) {
                Instant next = probesAfter(health, proxy.id(), ended.at(), 1).get(0);
                assertThat(Duration.between(endRead, next)).as("proxy %d's first probe after the outage", proxy.id())
                        .isLessThanOrEqualTo(regular);
            }
            HealthData dead = health.awaitProbe(proxies.get(0).id(), probe -> probe.at().isAfter(ended.at()));
            assertThat(dead.to()).as("the proxy still dead after the outage").isEqualTo(HealthState.FAILED);
            assertThat(dead.providerOutage()).isFalse();
            proxies.forEach(Inventory::delete);
        }
    }

    private static List<Instant> probesAfter(HealthEvents health, long proxyId, Instant after, int count) {
        return health.awaitProbesAfter(proxyId, after, count).stream().map(HealthData::at).toList();
    }
}
