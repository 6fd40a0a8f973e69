package dev.proxyfleet.health.outage;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.proxyfleet.contracts.CloudEvent;
import dev.proxyfleet.contracts.EventType;
import dev.proxyfleet.contracts.HealthData;
import dev.proxyfleet.contracts.HealthState;
import dev.proxyfleet.contracts.ProviderOutageData;
import dev.proxyfleet.contracts.ProxyData;
import dev.proxyfleet.contracts.UsageOutcome;
import dev.proxyfleet.crypto.CredentialCipher;
import dev.proxyfleet.health.Database;
import dev.proxyfleet.health.HealthEvents;
import dev.proxyfleet.health.HealthTestResource;
import dev.proxyfleet.health.Inventory;
import dev.proxyfleet.health.LocalProxy;
import dev.proxyfleet.health.UsageReportsTest;
import dev.proxyfleet.localinfra.TestEvents;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * A provider's outage over real proxies, Kafka and PostgreSQL: seven loopback proxies of one provider, probed every
 * 200 ms (fall 3); the outage needs half of them failing and at least five, and ends below 30 % failing
 * ({@code health.outage-*} defaults). Clients' reports fail a proxy after five failed uses ({@code health.usage-fall}).
 */
@QuarkusTest
@WithTestResource(HealthTestResource.class)
class ProviderOutageTest {

    private static final String PASSWORD = Inventory.SECRET_MARKER + "-outage";
    private static final int PROXIES = 7;
    /** {@code health.usage-fall}: consecutive failed uses that fail a proxy. */
    private static final int USAGE_FALL = 5;

    @Inject
    CredentialCipher cipher;

    @Test
    void fiveOfSevenProxiesFailingStartTheProviderOutageFourDoNotAndItEndsOnlyBelowTheEndThreshold() {
        long provider = Inventory.nextId();
        try (HealthEvents health = new HealthEvents(); OutageEvents outages = new OutageEvents();
                HealthyProxies fleet = HealthyProxies.of(provider, PROXIES, PASSWORD, cipher, health)) {
            List<LocalProxy> locals = fleet.locals;
            List<ProxyData> proxies = fleet.proxies;

            // Four failing proxies are 57 %, above the threshold but below the minimum: they fail as any proxy does.
            for (int i = 0; i < 4; i++) {
                locals.get(i).kill();
            }
            for (int i = 0; i < 4; i++) {
                assertThat(health.awaitChangeTo(proxies.get(i).id(), HealthState.FAILED).providerOutage())
                        .as("a fall before the outage").isFalse();
            }
            locals.get(4).kill();

            ProviderOutageData started = outages.await(provider, EventType.PROVIDER_OUTAGE_STARTED);
            assertThat(health.awaitChangeTo(proxies.get(4).id(), HealthState.FAILED).providerOutage())
                    .as("the fifth proxy's fall, judged with the outage").isTrue();
            // The first outage record of the provider came with the fifth failing proxy, not before.
            assertThat(started.failedShare()).isCloseTo(5.0 / PROXIES, within(1e-9));
            assertThat(outages.of(provider)).extracting(CloudEvent::data).containsOnly(started);
            Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(metrics())
                    .contains("fleet_health_provider_outage{provider=\"" + provider + "\"} 1.0"));

            // Clients' failed uses fail the sixth proxy, which probes find working: a fall judged during the outage too.
            // (Its probes still succeed, so the provider's failing share stays as it was.)
            for (int i = 0; i < USAGE_FALL; i++) {
                TestEvents.send(UsageReportsTest.used(proxies.get(5).id(), UsageOutcome.FAILURE).toProducerRecord());
            }
            HealthData usageFall = health.awaitChangeTo(proxies.get(5).id(), HealthState.FAILED);
            assertThat(usageFall.error()).startsWith(USAGE_FALL + " consecutive failed uses reported");
            assertThat(usageFall.providerOutage()).as("a fall by clients' reports during the outage").isTrue();

            // Two recover: 3 of 7 (43 %) are below the start threshold but not below the end one (30 %). Their
            // recoveries were judged in the transactions that published them, so the outage is seen as they left it.
            locals.subList(0, 2).forEach(LocalProxy::start);
            for (int i = 0; i < 2; i++) {
                // healthy, or degraded on a busy machine
                health.awaitChangeFrom(proxies.get(i).id(), HealthState.FAILED);
            }
            assertThat(Database.strings("SELECT in_outage::text FROM provider_outage WHERE provider_id = " + provider))
                    .as("the outage after 2 of its 5 failing proxies recovered").containsExactly("true");

            locals.get(2).start();
            ProviderOutageData ended = outages.await(provider, EventType.PROVIDER_OUTAGE_ENDED);

            assertThat(ended.failedShare()).isCloseTo(2.0 / PROXIES, within(1e-9));
            assertThat(ended.at()).isAfter(started.at());
            assertThat(outages.of(provider)).extracting(CloudEvent::type)
                    .containsExactly(EventType.PROVIDER_OUTAGE_STARTED, EventType.PROVIDER_OUTAGE_ENDED);
            proxies.forEach(Inventory::delete);
        }
    }

    private static String metrics() {
        return given().get("/q/metrics").then().statusCode(200).extract().asString();
    }
}
