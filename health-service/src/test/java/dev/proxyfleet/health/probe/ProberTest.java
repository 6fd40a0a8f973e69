package dev.proxyfleet.health.probe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.proxyfleet.crypto.CredentialCipher;
import dev.proxyfleet.health.HealthTestResource;
import dev.proxyfleet.health.Inventory;
import dev.proxyfleet.health.LocalProxy;
import dev.proxyfleet.health.TargetServer;
import dev.proxyfleet.health.state.Outcome;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Probes through real proxy servers (tinyproxy, microsocks) to a local target, and judges what came back. */
@QuarkusTest
@WithTestResource(HealthTestResource.class)
class ProberTest {

    private static final String PASSWORD = Inventory.SECRET_MARKER + "-prober";
    private static LocalProxy http;
    private static LocalProxy socks;

    @Inject
    Vertx vertx;
    @Inject
    CredentialCipher cipher;

    private final HealthClassifier classifier = new HealthClassifier(Optional.of(200), Optional.of(TargetServer.GOOD_TEXT),
            Duration.ofMillis(400));

    @BeforeAll
    static void startProxies() {
        http = LocalProxy.http(Inventory.USER, PASSWORD);
        socks = LocalProxy.socks5(Inventory.USER, PASSWORD);
    }

    @AfterAll
    static void stopProxies() {
        http.close();
        socks.close();
    }

    private Verdict probe(LocalProxy proxy, String password, String path) {
        Prober prober = new Prober(vertx, cipher, TargetServer.url(path), Duration.ofSeconds(1), 10);
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
}
