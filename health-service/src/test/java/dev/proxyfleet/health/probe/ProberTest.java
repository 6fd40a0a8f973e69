package dev.proxyfleet.health.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.proxyfleet.contracts.Protocol;
import dev.proxyfleet.contracts.ProxyData;
import dev.proxyfleet.crypto.CredentialCipher;
import dev.proxyfleet.egress.ProxyAddressPolicy;
import dev.proxyfleet.health.HealthTestResource;
import dev.proxyfleet.health.Inventory;
import dev.proxyfleet.health.LocalProxy;
import dev.proxyfleet.health.TargetServer;
import dev.proxyfleet.health.TargetServer.Tls;
import dev.proxyfleet.health.state.Outcome;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;
import io.vertx.core.net.TrustOptions;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Probes through real proxy servers (tinyproxy, microsocks) to local targets, plain and TLS, and judges what came back.
 */
@QuarkusTest
@WithTestResource(HealthTestResource.class)
class ProberTest {

    private static final String PASSWORD = Inventory.SECRET_MARKER + "-prober";
    private static final Duration TIMEOUT = Duration.ofSeconds(1);
    private static final Duration TLS_TIMEOUT = Duration.ofSeconds(5);
    private static final int MAX_BODY = 64 * 1024;
    private static final TrustOptions TRUST = TargetTrust.of(Optional.of(TargetServer.trustPem()));
    private static LocalProxy http;
    private static LocalProxy https;
    private static LocalProxy socks;

    @Inject
    Vertx vertx;
    @Inject
    CredentialCipher cipher;
    @Inject
    ProxyAddressPolicy addresses;

    private final HealthClassifier classifier = new HealthClassifier(Optional.of(200), Optional.of(TargetServer.GOOD_TEXT),
            Duration.ofMillis(400));

    @BeforeAll
    static void startProxies() {
        http = LocalProxy.http(Inventory.USER, PASSWORD);
        https = LocalProxy.https(Inventory.USER, PASSWORD);
        socks = LocalProxy.socks5(Inventory.USER, PASSWORD);
    }

    @AfterAll
    static void stopProxies() {
        http.close();
        https.close();
        socks.close();
    }

    private Verdict probe(LocalProxy proxy, String password, String path) {
        String url = TargetServer.url(path);
        return probe(new Prober(vertx, Prober.Resolver.of(vertx), cipher, addresses, url, url, TRUST, TIMEOUT, 10,
                MAX_BODY), proxy, password);
    }

    /**
     * Probes an https URL whatever the proxy's protocol, trusting the tests' trust file beside the JVM's authorities.
     * The JVM's first TLS handshakes are slow (class loading, compilation), so these probes may take longer than the
     * others; where a test expects a working proxy it asserts no error, not the latency bound.
     */
    private Verdict probeTls(LocalProxy proxy, String password, String url) {
        return probe(new Prober(vertx, Prober.Resolver.of(vertx), cipher, addresses, url, url, TRUST, TLS_TIMEOUT, 10,
                MAX_BODY), proxy, password);
    }

    private Verdict probe(Prober prober, LocalProxy proxy, String password) {
        ProbeTarget target = ProbeTarget.of(Inventory.proxy(1, proxy, password, true, cipher));
        ProbeResult result = prober.probe(target).toCompletionStage().toCompletableFuture().join();
        return classifier.classify(result);
    }

    @Test
    void healthyThroughAnHttpProxyWithItsCredentials() {
        Verdict verdict = probe(http, PASSWORD, "/ok");

        assertThat(verdict.outcome()).isEqualTo(Outcome.UP);
        assertThat(verdict.error()).isNull();
        assertThat(verdict.latencyMs()).isBetween(0L, 400L);
    }

    @Test
    void healthyThroughASocks5ProxyWithItsCredentials() {
        assertThat(probe(socks, PASSWORD, "/ok").outcome()).isEqualTo(Outcome.UP);
    }

    @Test
    void wrongCredentialsFailWithProxyAuthenticationFailed() {
        Verdict throughHttp = probe(http, PASSWORD + "-wrong", "/ok");
        Verdict throughSocks = probe(socks, PASSWORD + "-wrong", "/ok");

        assertThat(throughHttp).isEqualTo(new Verdict(Outcome.DOWN, throughHttp.latencyMs(), "proxy authentication failed"));
        assertThat(throughSocks).isEqualTo(new Verdict(Outcome.DOWN, throughSocks.latencyMs(), "proxy authentication failed"));
    }

    @Test
    void missingCredentialsFailWithProxyAuthenticationFailed() {
        assertThat(probe(http, null, "/ok").error()).isEqualTo("proxy authentication failed");
    }

    @Test
    void socks5HandshakeAnsweredWithAnUnknownMethodIsABrokenHandshakeNotAnAuthenticationFailure() throws IOException {
        try (ServerSocket unknownMethod = socks5Answering(0x7F); ServerSocket noneAccepted = socks5Answering(0xFF)) {
            assertThat(probeSocks5At(unknownMethod.getLocalPort()).error()).contains("unexpected authMethod")
                    .doesNotContain("authentication failed");
            assertThat(probeSocks5At(noneAccepted.getLocalPort()).error()).isEqualTo("proxy authentication failed");
        }
    }

    /** A SOCKS5 proxy without credentials at this loopback port. */
    private Verdict probeSocks5At(int port) {
        String url = TargetServer.url("/ok");
        Prober prober = new Prober(vertx, Prober.Resolver.of(vertx), cipher, addresses, url, url, TRUST, TIMEOUT, 10, MAX_BODY);
        ProbeTarget target = ProbeTarget.of(new ProxyData(1L, "127.0.0.1", port, Protocol.SOCKS5, null, null, null, null,
                null, List.of(), 0, true, 3, null, null, 1L, Instant.now()));
        return classifier.classify(prober.probe(target).toCompletionStage().toCompletableFuture().join());
    }

    /** A SOCKS5 server that answers the client's greeting with this method, then waits for the client to leave. */
    private static ServerSocket socks5Answering(int method) throws IOException {
        ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        Thread answering = new Thread(() -> {
            try (Socket client = server.accept()) {
                client.getInputStream().read(new byte[16]);
                client.getOutputStream().write(new byte[] {5, (byte) method});
                client.getOutputStream().flush();
                client.getInputStream().read();
            } catch (IOException closed) {
                // the test is over
            }
        });
        answering.setDaemon(true);
        answering.start();
        return server;
    }

    @Test
    void slowTargetIsDegraded() {
        Verdict verdict = probe(http, PASSWORD, "/slow");

        assertThat(verdict.outcome()).isEqualTo(Outcome.DEGRADED);
        assertThat(verdict.latencyMs()).isGreaterThanOrEqualTo(TargetServer.SLOW_MS);
    }

    @Test
    void serverErrorOfTheTargetIsDown() {
        assertThat(probe(socks, PASSWORD, "/error")).extracting(Verdict::outcome, Verdict::error)
                .containsExactly(Outcome.DOWN, "HTTP 503, expected 200");
    }

    @Test
    void clientErrorOfTheTargetIsDegraded() {
        assertThat(probe(http, PASSWORD, "/missing").outcome()).isEqualTo(Outcome.DEGRADED);
    }

    @Test
    void targetThatDoesNotAnswerTimesOut() {
        Verdict verdict = probe(socks, PASSWORD, "/hang");

        assertThat(verdict.outcome()).isEqualTo(Outcome.DOWN);
        assertThat(verdict.error()).isEqualTo("no answer within 1000 ms");
    }

    @Test
    void deadProxyIsDownWithARefusedConnection() {
        LocalProxy dead = LocalProxy.http(Inventory.USER, PASSWORD);
        dead.kill();

        Verdict verdict = probe(dead, PASSWORD, "/ok");

        assertThat(verdict.outcome()).isEqualTo(Outcome.DOWN);
        assertThat(verdict.error()).containsIgnoringCase("refused").doesNotContain(PASSWORD);
    }

    @Test
    void httpsProxyIsProbedThroughAConnectTunnelWithTlsToTheTlsTarget() {
        String tlsTarget = TargetServer.url(Tls.TRUSTED, "/ok");
        // Were the HTTPS proxy probed like an HTTP one, it would fetch the failing plain target.
        Prober prober = new Prober(vertx, Prober.Resolver.of(vertx), cipher, addresses, TargetServer.url("/error"),
                tlsTarget, TRUST, TLS_TIMEOUT, 10, MAX_BODY);

        Verdict verdict = probe(prober, https, PASSWORD);

        assertThat(verdict.error()).isNull();
        assertThat(https.requests()).isNotEmpty().allMatch(line -> line.startsWith("CONNECT "))
                .contains("CONNECT 127.0.0.1:" + URI.create(tlsTarget).getPort() + " HTTP/1.1");
    }

    @Test
    void httpsTargetThroughASocks5ProxyIsVerifiedAndHealthy() {
        assertThat(probeTls(socks, PASSWORD, TargetServer.url(Tls.TRUSTED, "/ok")).error()).isNull();
    }

    @Test
    void untrustedCertificateFailsTheTlsHandshake() {
        Verdict throughConnect = probeTls(https, PASSWORD, TargetServer.url(Tls.UNTRUSTED, "/ok"));
        Verdict throughSocks = probeTls(socks, PASSWORD, TargetServer.url(Tls.UNTRUSTED, "/ok"));

        assertThat(List.of(throughConnect, throughSocks)).extracting(Verdict::outcome, Verdict::error)
                .containsOnly(tuple(Outcome.DOWN, "TLS handshake failed: certificate not trusted"));
    }

    @Test
    void selfSignedTargetIsNotTrustedWithTheJvmAuthoritiesAlone() {
        String url = TargetServer.url(Tls.TRUSTED, "/ok");
        Prober prober = new Prober(vertx, Prober.Resolver.of(vertx), cipher, addresses, url, url,
                TargetTrust.of(Optional.empty()), TLS_TIMEOUT, 10, MAX_BODY);

        assertThat(probe(prober, https, PASSWORD).error()).isEqualTo("TLS handshake failed: certificate not trusted");
    }

    @Test
    void trustFileAddsToTheJvmAuthoritiesInsteadOfReplacingThem() throws Exception {
        int jvm = authorities(TargetTrust.of(Optional.empty()));

        assertThat(jvm).isPositive();
        assertThat(authorities(TRUST)).isEqualTo(jvm + 2);
    }

    private int authorities(TrustOptions trust) throws Exception {
        return ((X509TrustManager) trust.getTrustManagerFactory(vertx).getTrustManagers()[0]).getAcceptedIssuers().length;
    }

    @Test
    void certificateForAnotherHostFailsTheTlsHandshake() {
        assertThat(probeTls(https, PASSWORD, TargetServer.url(Tls.OTHER_HOST, "/ok")))
                .extracting(Verdict::outcome, Verdict::error)
                .containsExactly(Outcome.DOWN, "TLS handshake failed: certificate does not match the host");
    }

    @Test
    void targetThatDoesNotSpeakTlsFailsTheTlsHandshake() {
        assertThat(probeTls(https, PASSWORD, TargetServer.notTlsUrl())).extracting(Verdict::outcome, Verdict::error)
                .containsExactly(Outcome.DOWN, "TLS handshake failed: target does not speak TLS");
    }

    @Test
    void wrongCredentialsForAConnectTunnelFailWithProxyAuthenticationFailed() {
        String url = TargetServer.url(Tls.TRUSTED, "/ok");

        assertThat(probeTls(https, PASSWORD + "-wrong", url)).extracting(Verdict::outcome, Verdict::error)
                .containsExactly(Outcome.DOWN, "proxy authentication failed");
        assertThat(probeTls(https, null, url).error()).isEqualTo("proxy authentication failed");
    }
}
