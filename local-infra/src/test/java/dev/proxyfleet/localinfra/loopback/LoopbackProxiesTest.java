package dev.proxyfleet.localinfra.loopback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.proxyfleet.contracts.Protocol;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.ProxyOptions;
import io.vertx.core.net.ProxyType;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The loopback proxies as Vert.x's proxy client (the one health-service probes with) uses them. */
class LoopbackProxiesTest {

    private static final Login LOGIN = new Login("tester", "loopback-test-password");
    private static final Login WRONG = new Login("tester", "not-the-password");

    @TempDir
    static Path tls;
    private static LoopbackProxies loopback;

    @BeforeAll
    static void open() {
        loopback = new LoopbackProxies(tls, Set.of());
    }

    @AfterAll
    static void close() {
        loopback.close();
    }

    @Test
    void anHttpProxyForwardsToTheTargetPage() throws Exception {
        assertThat(fetch(loopback.open(), Protocol.HTTP, null)).isPositive();
    }

    @Test
    void anHttpProxyWithALoginLetsOnlyThatLoginThrough() throws Exception {
        int port = loopback.openHttp(LOGIN);
        assertThat(fetch(port, Protocol.HTTP, LOGIN)).isPositive();
        assertThatThrownBy(() -> fetch(port, Protocol.HTTP, WRONG)).hasMessageContaining("status 407");
        assertThatThrownBy(() -> fetch(port, Protocol.HTTP, null)).hasMessageContaining("status 407");
    }

    @Test
    void anHttpsProxyTunnelsTlsToTheTargetThroughConnectWithItsLogin() throws Exception {
        int port = loopback.openHttp(LOGIN);
        assertThat(fetch(port, Protocol.HTTPS, LOGIN)).isPositive();
        assertThatThrownBy(() -> fetch(port, Protocol.HTTPS, WRONG)).hasMessageContaining("407");
    }

    @Test
    void aSocks5ProxyConnectsWithOrWithoutALogin() throws Exception {
        assertThat(fetch(loopback.openSocks5(null), Protocol.SOCKS5, null)).isPositive();
        int port = loopback.openSocks5(LOGIN);
        assertThat(fetch(port, Protocol.SOCKS5, LOGIN)).isPositive();
        assertThatThrownBy(() -> fetch(port, Protocol.SOCKS5, WRONG)).isInstanceOf(ExecutionException.class);
    }

    @Test
    void aProxyThatIsDownFailsEveryRequestUntilItIsUpAgain() throws Exception {
        int http = loopback.open();
        int socks = loopback.openSocks5(null);
        loopback.setDown(http, true);
        loopback.setDown(socks, true);
        assertThatThrownBy(() -> fetch(http, Protocol.HTTP, null)).isInstanceOf(ExecutionException.class);
        assertThatThrownBy(() -> fetch(socks, Protocol.SOCKS5, null)).isInstanceOf(ExecutionException.class);
        loopback.setDown(http, false);
        loopback.setDown(socks, false);
        assertThat(fetch(http, Protocol.HTTP, null)).isPositive();
        assertThat(fetch(socks, Protocol.SOCKS5, null)).isPositive();
    }

    @Test
    void aKilledProxyRefusesConnections() {
        int port = loopback.open();
        loopback.kill(port);
        assertThatThrownBy(() -> fetch(port, Protocol.HTTP, null)).isInstanceOf(ExecutionException.class);
    }

    @Test
    void proxiesGoToLoopbackAddressesOnlyAndResolveNoName() throws Exception {
        String byName = loopback.targetUrl().replace("127.0.0.1", "localhost");
        assertThat(answerThrough(loopback.open(), byName).status()).isEqualTo(403);
        assertThat(Loopback.address("127.1.2.3", 80)).isPresent();
        assertThat(Loopback.address("localhost", 80)).isEmpty();
        assertThat(Loopback.address("127.0.0.256", 80)).isEmpty();
        assertThat(Loopback.authority("127.0.0.1:0")).isEmpty();
    }

    @Test
    void proxiesWithAnExitAddressReachTheirDestinationsFromThatAddressWhichTheTargetEchoes() throws Exception {
        String url = loopback.exitIpUrl();

        assertThat(answerThrough(loopback.openHttp(null, "127.0.0.2"), url).body()).isEqualTo("127.0.0.2");
        assertThat(answerThrough(loopback.openHttp(LOGIN, "127.0.0.3"), url).status()).isEqualTo(407);
        assertThat(answerThrough(loopback.openHttp(null, "127.0.0.3"), url).body()).isEqualTo("127.0.0.3");
        assertThat(answerThrough(loopback.openSocks5(null, "127.0.0.4"), ProxyType.SOCKS5, url).body()).isEqualTo("127.0.0.4");
        assertThat(answerThrough(loopback.openSocks5(null), ProxyType.SOCKS5, url).body()).isEqualTo("127.0.0.1");
        assertThat(answerThrough(loopback.open(), url).body()).isEqualTo("127.0.0.1");
        assertThat(answerThrough(loopback.open(), loopback.targetUrl()).body()).isEqualTo(LoopbackProxies.PAGE);
        assertThatThrownBy(() -> loopback.openHttp(null, "192.0.2.1")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> loopback.openSocks5(null, "192.0.2.1")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aLoginNeverShowsItsPassword() {
        assertThat(LOGIN.toString()).contains("tester").doesNotContain(LOGIN.password());
    }

    private static long fetch(int port, Protocol protocol, Login login) throws Exception {
        Duration took = loopback.fetchThrough(port, protocol, login).toCompletableFuture().get(10, TimeUnit.SECONDS);
        return took.toNanos();
    }

    private record Answer(int status, String body) {
    }

    /** What an HTTP proxy answers for this URL. */
    private static Answer answerThrough(int port, String url) throws Exception {
        return answerThrough(port, ProxyType.HTTP, url);
    }

    /** What a proxy of this type answers for this URL. */
    private static Answer answerThrough(int port, ProxyType type, String url) throws Exception {
        Vertx vertx = Vertx.vertx();
        try {
            CompletableFuture<Answer> answer = vertx.createHttpClient()
                    .request(new RequestOptions().setAbsoluteURI(url)
                            .setProxyOptions(new ProxyOptions().setType(type).setHost("127.0.0.1").setPort(port)))
                    .compose(HttpClientRequest::send)
                    .compose(response -> response.body().map(body -> new Answer(response.statusCode(), body.toString())))
                    .toCompletionStage().toCompletableFuture();
            return answer.get(10, TimeUnit.SECONDS);
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }
}
