package dev.proxyfleet.health.probe;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.proxyfleet.contracts.EventType;
import dev.proxyfleet.contracts.ProxyData;
import dev.proxyfleet.crypto.CredentialCipher;
import dev.proxyfleet.egress.ProxyAddressPolicy;
import dev.proxyfleet.health.HealthTestResource;
import dev.proxyfleet.health.Inventory;
import dev.proxyfleet.health.RecordingProxy;
import dev.proxyfleet.health.TargetServer;
import dev.proxyfleet.localinfra.TestEvents;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * health-service never connects to a refused proxy address: neither one the inventory names (a forged event, a proxy
 * stored before the rule) nor one a host name resolves to when the probe connects. The refused address of these tests
 * is {@value #REFUSED} (the test resource refuses it beside the built-in ranges), where a recording proxy would see any
 * connection, so that nothing leaves loopback however the tests fail; and no name is looked up in DNS. The built-in
 * ranges are unit-tested in credentials' {@code ProxyAddressPolicyTest}.
 */
@QuarkusTest
@WithTestResource(HealthTestResource.class)
public class RefusedAddressTest {

    /** The address tests refuse. */
    public static final String REFUSED = "127.0.0.2";
    private static final String REFUSAL =
            "address refused: a loopback address (" + REFUSED + "/32, in fleet.proxy-addresses.deny)";
    private static final String PASSWORD = Inventory.SECRET_MARKER + "-refused";

    @Inject
    Vertx vertx;
    @Inject
    CredentialCipher cipher;
    @Inject
    ProxyAddressPolicy addresses;

    @Test
    void aProxyAtARefusedAddressIsNeverConnectedToAndViewersSeeTheRule() {
        try (RecordingProxy refused = RecordingProxy.on(REFUSED)) {
            ProxyData proxy = Inventory.proxy(Inventory.nextId(), REFUSED, refused.port(), PASSWORD, cipher);
            TestEvents.publish(EventType.PROXY_CREATED, proxy);

            Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given()
                    .get("/api/health/proxies/{id}", proxy.id()).then().statusCode(200).body("error", equalTo(REFUSAL)));
            assertThat(refused.connections()).as("connections to the refused address").isZero();
        }
    }

    /**
     * The check is on the address a name resolves to when the probe connects, and the probe connects to that very
     * address, never resolving again: here the resolver answers from a table of its own instead of DNS.
     */
    @Test
    void aNameResolvingToARefusedAddressIsNotConnectedTo() {
        Map<String, String> names = Map.of("rebound.proxyfleet.test", REFUSED, "allowed.proxyfleet.test", "127.0.0.1");
        Prober.Resolver table = host -> names.containsKey(host) ? Future.succeededFuture(literal(names.get(host)))
                : Future.failedFuture(new UnknownHostException(host));
        try (RecordingProxy refused = RecordingProxy.on(REFUSED); RecordingProxy allowed = RecordingProxy.on("127.0.0.1")) {
            String url = TargetServer.url("/ok");
            Prober prober = new Prober(vertx, table, cipher, addresses, url, url,
                    TargetTrust.of(Optional.of(TargetServer.trustPem())), Duration.ofSeconds(1), 10, 64 * 1024);

            ProbeResult rebound = probe(prober, "rebound.proxyfleet.test", refused.port());
            probe(prober, "allowed.proxyfleet.test", allowed.port());

            assertThat(rebound.error()).isEqualTo(REFUSAL);
            assertThat(refused.connections()).as("connections to the refused address").isZero();
            assertThat(allowed.credentials()).as("the allowed answer, connected to without another lookup")
                    .containsExactly(Inventory.USER + ":" + PASSWORD);
        }
    }

    private static InetAddress literal(String address) {
        try {
            return InetAddress.getByName(address);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(address, e);
        }
    }

    private ProbeResult probe(Prober prober, String host, int port) {
        ProbeTarget target = ProbeTarget.of(Inventory.proxy(Inventory.nextId(), host, port, PASSWORD, cipher));
        return prober.probe(target).toCompletionStage().toCompletableFuture().join();
    }
}
