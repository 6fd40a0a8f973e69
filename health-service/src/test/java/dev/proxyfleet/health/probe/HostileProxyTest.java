package dev.proxyfleet.health.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.proxyfleet.contracts.Protocol;
import dev.proxyfleet.crypto.CredentialCipher;
import dev.proxyfleet.egress.ProxyAddressPolicy;
import dev.proxyfleet.health.HealthTestResource;
import dev.proxyfleet.health.HostileProxy;
import dev.proxyfleet.health.HostileProxy.Behaviour;
import dev.proxyfleet.health.TargetServer;
import dev.proxyfleet.health.TargetServer.Tls;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Probes through proxies that misbehave on purpose: every probe ends by its timeout (a body without end: at the body
 * cap), and the client closes each connection it opened, so a hostile proxy holds neither memory nor sockets.
 */
@QuarkusTest
@WithTestResource(HealthTestResource.class)
class HostileProxyTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(1);
    /** Slack for timers and threads on a busy machine. */
    private static final Duration MARGIN = Duration.ofSeconds(1);
    private static final int MAX_BODY = 64 * 1024;

    @Inject
    Vertx vertx;
    @Inject
    CredentialCipher cipher;
    @Inject
    ProxyAddressPolicy addresses;

    private final List<HostileProxy> proxies = new ArrayList<>();
    private Prober prober;

    @BeforeEach
    void createProber() {
        prober = prober(10);
    }

    @AfterEach
    void stopProxies() {
        proxies.forEach(HostileProxy::close);
    }

    @Test
    void endlessBodyEndsTheProbeAtTheCapWithTheProxysStatus() throws Exception {
        HostileProxy proxy = start(Behaviour.ENDLESS_BODY);

        ProbeResult result = probe(proxy, Protocol.HTTP);

        assertThat(result.error()).isNull();
        assertThat(result.status()).isEqualTo(200);
        assertThat(result.body()).hasSize(MAX_BODY).contains(TargetServer.GOOD_TEXT);
        awaitAllClosed(proxy, 1);
    }

    @Test
    void endlessBodiesLeaveTheHeapFlat() throws Exception {
        HostileProxy proxy = start(Behaviour.ENDLESS_BODY);
        long before = usedHeapAfterGc();

        for (int i = 0; i < 10; i++) {
            probe(proxy, Protocol.HTTP);
        }

        awaitAllClosed(proxy, 10);
        // Ten bodies of 64 KiB are 640 KiB; the rest is room for what the test JVM does meanwhile.
        assertThat(usedHeapAfterGc() - before).isLessThan(8L * 1024 * 1024);
    }

    /** Through an HTTP proxy the response head drips; an HTTPS proxy drips its answer to CONNECT. */
    @Test
    void proxyDrippingItsHeadFailsTheProbeAtTheTimeout() throws Exception {
        HostileProxy proxy = start(Behaviour.DRIPPING_HEAD);

        List<ProbeResult> results = List.of(probe(proxy, Protocol.HTTP), probe(proxy, Protocol.HTTPS));

        assertThat(results).allSatisfy(HostileProxyTest::failed);
        awaitAllClosed(proxy, 2);
    }

    /** An HTTP proxy gets the request and keeps quiet; CONNECT and the SOCKS5 handshake get no answer either. */
    @Test
    void proxyThatNeverAnswersFailsTheProbeAtTheTimeout() throws Exception {
        HostileProxy proxy = start(Behaviour.SILENT);

        List<ProbeResult> results = List.of(probe(proxy, Protocol.HTTP), probe(proxy, Protocol.HTTPS),
                probe(proxy, Protocol.SOCKS5));

        assertThat(results).allSatisfy(HostileProxyTest::failed);
        awaitAllClosed(proxy, 3);
    }

    /**
     * With one connection set up at a time, the second probe starts its SOCKS5 handshake when the first one's is done
     * and gets its connection after its deadline (at about twice the handshake's delay): that connection must be closed
     * at once instead of carrying a request that nothing would end.
     */
    @Test
    void probeThatGetsItsConnectionAfterItsDeadlineClosesIt() throws Exception {
        HostileProxy proxy = start(Behaviour.SLOW_SOCKS5);
        Prober oneAtATime = prober(1);

        List<Future<ProbeResult>> probes = List.of(oneAtATime.probe(target(proxy, Protocol.SOCKS5)),
                oneAtATime.probe(target(proxy, Protocol.SOCKS5)));

        for (Future<ProbeResult> probe : probes) {
            failed(within(probe));
        }
        await().atMost(MARGIN).untilAsserted(() -> {
            assertThat(proxy.accepted()).as("connections opened").isEqualTo(2);
            assertThat(proxy.ended()).as("connections closed").isEqualTo(2);
        });
    }

    private Prober prober(int maxConcurrency) {
        return new Prober(vertx, Prober.Resolver.of(vertx), cipher, addresses, TargetServer.url("/ok"),
                TargetServer.url(Tls.TRUSTED, "/ok"), TargetTrust.of(Optional.of(TargetServer.trustPem())), TIMEOUT,
                maxConcurrency, MAX_BODY);
    }

    private HostileProxy start(Behaviour behaviour) {
        HostileProxy proxy = HostileProxy.start(behaviour);
        proxies.add(proxy);
        return proxy;
    }

    /** Probes through {@code proxy} as a proxy of {@code protocol}. */
    private ProbeResult probe(HostileProxy proxy, Protocol protocol) throws Exception {
        return within(prober.probe(target(proxy, protocol)));
    }

    private static ProbeTarget target(HostileProxy proxy, Protocol protocol) {
        return new ProbeTarget(1, protocol, "127.0.0.1", proxy.port(), null, null, null, null);
    }

    /** The probe's result, which must come within the timeout and the margin. */
    private static ProbeResult within(Future<ProbeResult> probe) throws Exception {
        return probe.toCompletionStage().toCompletableFuture().get(TIMEOUT.plus(MARGIN).toMillis(), TimeUnit.MILLISECONDS);
    }

    private static void failed(ProbeResult result) {
        assertThat(result.status()).isNull();
        assertThat(result.error()).isNotBlank();
    }

    /** The client has closed every connection it opened to {@code proxy} (there were {@code expected}). */
    private static void awaitAllClosed(HostileProxy proxy, int expected) {
        assertThat(proxy.accepted()).isEqualTo(expected);
        await().atMost(MARGIN).untilAsserted(() -> assertThat(proxy.ended()).as("connections closed").isEqualTo(expected));
    }

    private static long usedHeapAfterGc() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
