package dev.proxyfleet.status;

import static org.assertj.core.api.Assertions.assertThat;

import dev.proxyfleet.contracts.EgressData;
import dev.proxyfleet.contracts.EventType;
import dev.proxyfleet.contracts.ProviderOutageData;
import dev.proxyfleet.localinfra.FleetTestResource;
import dev.proxyfleet.localinfra.TestEvents;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.function.Predicate;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Providers in outage ({@code provider-health} on the real broker) are listed on {@code /api/status} until it ends, and
 * our egress is said to be down until it is restored.
 */
@QuarkusTest
@WithTestResource(FleetTestResource.class)
class ProviderOutageTest {

    @Test
    void aProviderInOutageIsListedWithItsNameShareAndStartUntilTheOutageEnds() {
        String name = "Outage-" + Events.nextId();
        long provider = Events.provider(name, "1.00");
        Instant since = Instant.now().truncatedTo(ChronoUnit.MICROS);
        TestEvents.publish(EventType.PROVIDER_OUTAGE_STARTED, new ProviderOutageData(provider, 0.75, since));

        JsonPath status = await(s -> name.equals(s.getString(outage(provider) + ".provider")));

        assertThat(status.getDouble(outage(provider) + ".failedShare")).isEqualTo(0.75);
        assertThat(Instant.parse(status.getString(outage(provider) + ".since"))).isEqualTo(since);

        TestEvents.publish(EventType.PROVIDER_OUTAGE_ENDED, new ProviderOutageData(provider, 0.25, Instant.now()));

        await(s -> s.getList("outages.providerId", Long.class).stream().noneMatch(id -> id == provider));
    }

    @Test
    void ourEgressDownIsSaidOnEveryStatusFilteredOrNotUntilItIsRestored() {
        String location = Events.newLocation();
        Events.proxy(location, null);
        Instant down = Instant.now().truncatedTo(ChronoUnit.MICROS);
        TestEvents.publish(EventType.EGRESS_DOWN, new EgressData(0.9, down));

        JsonPath status = await(s -> s.getBoolean("egressDown"));

        assertThat(status.getString("message")).isEqualTo("our egress is down: proxies fail, none is ejected");
        assertThat(status.getList("outages.providerId", Long.class)).as("no provider's outage").doesNotContain(0L);
        assertThat(Events.status(Map.of("location", location)).getBoolean("egressDown")).isTrue();

        TestEvents.publish(EventType.EGRESS_RESTORED, new EgressData(0.1, down.plusSeconds(1)));

        await(s -> !s.getBoolean("egressDown"));
    }

    private static String outage(long provider) {
        return "outages.find { it.providerId.toString() == '" + provider + "' }";
    }

    private static JsonPath await(Predicate<JsonPath> condition) {
        JsonPath[] last = new JsonPath[1];
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).ignoreExceptions()
                .until(() -> condition.test(last[0] = Events.status(Map.of())));
        return last[0];
    }
}
