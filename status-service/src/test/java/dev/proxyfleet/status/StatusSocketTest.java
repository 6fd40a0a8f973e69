package dev.proxyfleet.status;

import static dev.proxyfleet.status.Events.awaitProxies;
import static dev.proxyfleet.status.StatusListener.shows;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.proxyfleet.contracts.EventType;
import dev.proxyfleet.contracts.HealthStateData;
import dev.proxyfleet.contracts.HealthState;
import dev.proxyfleet.contracts.Protocol;
import dev.proxyfleet.contracts.ProxyData;
import dev.proxyfleet.localinfra.FleetTestResource;
import dev.proxyfleet.localinfra.TestEvents;
import dev.proxyfleet.status.push.PushHub;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * {@code /ws/status} with real WebSocket clients: snapshot, deltas (also for a provider that no proxy shows),
 * coalescing, and a stuck client dropped.
 */
@QuarkusTest
@WithTestResource(FleetTestResource.class)
class StatusSocketTest {

    @TestHTTPResource("/ws/status")
    URI uri;
    @Inject
    PushHub hub;
    @Inject
    Vertx vertx;

    private static void probe(long proxyId, HealthState state, long latencyMs, Instant at) {
        TestEvents.publish(EventType.PROXY_HEALTH_STATE, new HealthStateData(proxyId, state, latencyMs, 0, 80, null, at));
    }

    @Test
    void snapshotOnConnectThenADeltaPerChange() {
        String location = Events.newLocation();
        long id = Events.proxy(location, null);
        awaitProxies(location, 1);
        try (StatusListener client = new StatusListener(vertx, uri)) {
            JsonNode snapshot = client.await(m -> "snapshot".equals(m.path("type").asText()));
            assertThat(snapshot.path("proxies").findValuesAsText("id")).contains(Long.toString(id));
            assertThat(snapshot.path("overall").asText()).isNotEmpty();
            assertThat(given().get("/q/metrics").then().extract().asString())
                    .containsPattern("fleet_websocket_clients [1-9]");

            Events.health(id, HealthState.HEALTHY, 33, 90, 0);

            JsonNode delta = client.await(shows(id, "health", "healthy"));
            assertThat(delta.path("type").asText()).isEqualTo("delta");
            assertThat(delta.has("counts")).isTrue();
            assertThat(client.messages().get(0)).isEqualTo(snapshot);
        }
    }

    @Test
    void idleSocketsArePinged() {
        try (StatusListener client = new StatusListener(vertx, uri)) {
            // the test profile pings every second, production every 30 s
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> client.pings() >= 2);
        }
    }

    @Test
    void providerChangeIsAnnouncedAlsoWhenNoProxyShowsIt() {
        try (StatusListener client = new StatusListener(vertx, uri)) {
            JsonNode snapshot = client.await(m -> "snapshot".equals(m.path("type").asText()));
            assertThat(snapshot.has("providers")).isFalse();

            Events.provider("provider-without-proxies-" + Events.nextId(), "1.50");

            JsonNode delta = client.await(m -> m.path("providers").asBoolean());
            assertThat(delta.path("type").asText()).isEqualTo("delta");
        }
    }

    @Test
    void burstOfChangesIsCoalescedToAtMostTenMessagesPerSecond() {
        String location = Events.newLocation();
        long id = Events.proxy(location, null);
        awaitProxies(location, 1);
        try (StatusListener client = new StatusListener(vertx, uri)) {
            client.await(m -> "snapshot".equals(m.path("type").asText()));
            long start = System.nanoTime();
            Instant at = Instant.now();
            for (int i = 1; i <= 100; i++) {
                probe(id, HealthState.HEALTHY, i, at.plusMillis(i));
            }
            client.await(shows(id, "latencyMs", "100"));
            double seconds = (System.nanoTime() - start) / 1e9;

            long deltas = client.messages().stream().filter(m -> "delta".equals(m.path("type").asText())).count();
            assertThat(deltas).isLessThanOrEqualTo((long) Math.ceil(seconds * 10) + 1).isLessThan(100);
            long first = client.messages().get(0).path("seq").asLong();
            assertThat(client.messages()).extracting(m -> m.path("seq").asLong())
                    .as("each message numbered one more than the one before, from the snapshot's")
                    .containsExactlyElementsOf(LongStream.range(first, first + client.messages().size()).boxed().toList());
        }
    }

    @Test
    void stuckClientIsDroppedWhileOthersKeepReceiving() throws IOException {
        String location = Events.newLocation();
        List<Long> ids = bulkyProxies(location, 200);
        int before = hub.connected();
        try (Socket stuck = StuckClient.open(uri); StatusListener good = new StatusListener(vertx, uri)) {
            good.await(m -> "snapshot".equals(m.path("type").asText()));
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> hub.connected() == before + 2);

            Instant at = Instant.now();
            for (int round = 1; round <= 100 && hub.connected() > before + 1; round++) {
                Instant time = at.plusSeconds(round);
                long latency = round;
                ids.forEach(id -> probe(id, HealthState.HEALTHY, latency, time));
            }
            assertThat(hub.connected()).isEqualTo(before + 1);

            long marker = ids.get(0);
            probe(marker, HealthState.DEGRADED, 999, at.plusSeconds(1000));
            good.await(shows(marker, "health", "degraded"));
            assertThat(stuck.isConnected()).isTrue();
        }
    }

    /** Proxies with many long labels, so that a few deltas fill a stuck client's TCP buffers. */
    private static List<Long> bulkyProxies(String location, int count) {
        List<String> labels = IntStream.range(0, 40).mapToObj(i -> "label-" + i + "-" + "x".repeat(100)).toList();
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            long id = Events.nextId();
            ids.add(id);
            TestEvents.publish(EventType.PROXY_CREATED, new ProxyData(id, "10.8.0." + (i % 250), 3128, Protocol.HTTP, null,
                    null, null, null, location, labels, 0, true, 3, null, null, 1L, Instant.now()));
        }
        awaitProxies(location, count);
        return ids;
    }
}
