package dev.proxyfleet.status;

import static org.assertj.core.api.Assertions.assertThat;

import dev.proxyfleet.localinfra.FleetTestResource;
import dev.proxyfleet.status.model.FleetModel;
import dev.proxyfleet.status.push.PushHub;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * {@code /ws/status} under abuse: connections beyond {@code status.push.max-clients} are refused with a reason, and
 * with 50,000 proxies 30 clients that never read are dropped by the byte limit while 20 parallel filtered requests
 * all answer, and the heap stays bounded.
 */
@QuarkusTest
@WithTestResource(FleetTestResource.class)
@TestProfile(PushLimitsTest.Limits.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PushLimitsTest {

    private static final int MAX_CLIENTS = 40;

    /**
     * A cap low enough to reach, a byte limit a few large deltas exceed, and a message count limit so high that only
     * the bytes can be what drops a client here.
     */
    public static class Limits implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("status.push.max-clients", Integer.toString(MAX_CLIENTS),
                    "status.push.max-unsent-bytes", "1M", "status.push.max-unsent", "10000");
        }
    }

    @TestHTTPResource("/ws/status")
    URI uri;
    @Inject
    PushHub hub;
    @Inject
    FleetModel model;
    @Inject
    Vertx vertx;

    /** First, while the fleet is small: each client it holds open gets a snapshot. */
    @Test
    @Order(1)
    void connectionsBeyondTheCapAreRefusedWithAReason() throws IOException {
        List<Socket> held = new ArrayList<>();
        try {
            while (hub.connected() < MAX_CLIENTS) {
                int expected = hub.connected() + 1;
                held.add(StuckClient.open(uri));
                Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> hub.connected() >= expected);
            }
            try (StatusListener refused = new StatusListener(vertx, uri)) {
                assertThat(refused.awaitClose()).startsWith("1013 too many clients");
            }
            held.remove(0).close();
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> hub.connected() < MAX_CLIENTS);
            try (StatusListener admitted = new StatusListener(vertx, uri)) {
                admitted.await(m -> "snapshot".equals(m.path("type").asText()));
            }
        } finally {
            for (Socket socket : held) {
                socket.close();
            }
        }
    }

    @Test
    @Order(2)
    void fiftyThousandProxiesThirtyStuckClientsAndTwentyFilteredRequests() throws Exception {
        String location = Events.newLocation();
        List<Long> ids = FleetLoad.publishProxies(location, 50_000);
        Awaitility.await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofSeconds(1))
                .until(() -> model.snapshot().all().stream().filter(p -> location.equals(p.location())).count()
                        == ids.size());
        int before = hub.connected();
        List<Socket> stuck = new ArrayList<>();
        try (StatusListener good = new StatusListener(vertx, uri)) {
            for (int i = 0; i < 30; i++) {
                stuck.add(StuckClient.open(uri));
            }
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> hub.connected() == before + 31);
            FleetLoad requests = FleetLoad.filteredRequests(uri, location, 20);

            for (int round = 1; round <= 10 && hub.connected() > before + 1; round++) {
                FleetLoad.probe(ids.subList(0, 2_000), round);
                good.await(StatusListener.shows(ids.get(0), "latencyMs", Long.toString(round)));
            }

            assertThat(hub.connected()).as("the 30 clients that never read were dropped").isEqualTo(before + 1);
            assertThat(requests.statuses(Duration.ofSeconds(120))).hasSize(20).containsOnly(200);
            long bound = Runtime.getRuntime().maxMemory() / 2;
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> FleetLoad.heapUsedAfterGc() < bound);
        } finally {
            for (Socket socket : stuck) {
                socket.close();
            }
        }
    }
}
