package dev.proxyfleet.health.outage;

import dev.proxyfleet.contracts.EventType;
import dev.proxyfleet.contracts.ProxyData;
import dev.proxyfleet.contracts.SettingsData;
import dev.proxyfleet.crypto.CredentialCipher;
import dev.proxyfleet.health.HealthEvents;
import dev.proxyfleet.health.HealthTestResource;
import dev.proxyfleet.health.Inventory;
import dev.proxyfleet.health.LocalProxy;
import dev.proxyfleet.localinfra.TestEvents;
import dev.proxyfleet.messaging.ContractPartitioner;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The outage thresholds set live on {@code fleet-settings}: two failing proxies of a provider of three start its
 * outage once {@code outageMinProxies} is 2 (the tests' start-up minimum is 5), and a record without them brings the
 * start-up rule back, as later tests expect.
 */
@QuarkusTest
@WithTestResource(HealthTestResource.class)
class LiveOutageSettingsTest {

    private static final String PASSWORD = Inventory.SECRET_MARKER + "-live-outage";

    @Inject
    CredentialCipher cipher;

    @Test
    void aMinimumOfFailingProxiesSetLiveStartsAnOutageTheStartUpMinimumWouldNot() {
        long provider = Inventory.nextId();
        long version = System.currentTimeMillis();
        try (HealthEvents health = new HealthEvents(); OutageEvents outages = new OutageEvents();
                HealthyProxies fleet = HealthyProxies.of(provider, 3, PASSWORD, cipher, health)) {
            List<LocalProxy> locals = fleet.locals;
            List<ProxyData> proxies = fleet.proxies;
            try {
                publish(new SettingsData(null, null, null, null, null, null, null, null, null, 0.6, 0.2, 2, null,
                        version + 1, "test-admin", Instant.now()));
                // two of three is above 0.6 (not the start-up 0.5) and reaches the minimum 2 (not the start-up 5)
                locals.get(0).kill();
                locals.get(1).kill();

                outages.await(provider, EventType.PROVIDER_OUTAGE_STARTED);
            } finally {
                publish(new SettingsData(null, null, null, null, null, null, null, null, null, null, null, null,
                        null, version + 2, "test-admin", Instant.now()));
            }
            locals.subList(0, 2).forEach(LocalProxy::start);
            outages.await(provider, EventType.PROVIDER_OUTAGE_ENDED);
            proxies.forEach(Inventory::delete);
        }
    }

    private static void publish(SettingsData settings) {
        TestEvents.publish(EventType.SETTINGS_CHANGED, settings, ContractPartitioner.SETTINGS_PARTITION);
    }
}
