package dev.proxyfleet.health.probe;

import dev.proxyfleet.contracts.Protocol;
import dev.proxyfleet.crypto.CredentialCipher;
import dev.proxyfleet.crypto.EncryptedSecret;
import dev.proxyfleet.health.HealthConfig;
import io.quarkus.runtime.Startup;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.ProxyOptions;
import io.vertx.core.net.ProxyType;
import io.vertx.core.net.TrustOptions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;

/**
 * Fetches the target URL through a proxy without blocking a thread: one Vert.x HTTP client for every proxy, the proxy
 * chosen per request. Keep-alive is off, so each probe opens a fresh connection through the proxy and tests it
 * whole (proxy handshake and authentication included).
 *
 * <p>An {@code HTTPS} proxy in the inventory is an HTTP proxy that clients use for https sites through CONNECT, so it
 * is probed that way: the TLS target URL, fetched through a CONNECT tunnel with TLS end to end. {@code HTTP} and
 * {@code SOCKS5} proxies fetch the target URL (an https one is tunnelled too). Every https target's certificate is
 * verified, its chain and its host name.
 */
@ApplicationScoped
@Startup // so that an unreadable trust file stops the start instead of failing probes
public class Prober {

    private final Vertx vertx;
    private final CredentialCipher cipher;
    private final String targetUrl;
    private final String tlsTargetUrl;
    private final long timeoutMs;
    private final HttpClient client;

    @Inject
    public Prober(Vertx vertx, CredentialCipher cipher, HealthConfig config) {
        this(vertx, cipher, config.targetUrl(), config.tlsTargetUrl(), TargetTrust.of(config.targetTrustPem()),
                config.timeout(), config.maxConcurrency());
    }

    /** @param trust the authorities an https target's certificate must chain to */
    public Prober(Vertx vertx, CredentialCipher cipher, String targetUrl, String tlsTargetUrl, TrustOptions trust,
            Duration timeout, int maxConcurrency) {
        this.vertx = vertx;
        this.cipher = cipher;
        this.targetUrl = targetUrl;
        this.tlsTargetUrl = tlsTargetUrl;
        this.timeoutMs = timeout.toMillis();
        this.client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(false)
                .setTrustOptions(trust).setVerifyHost(true)
                .setMaxPoolSize(maxConcurrency).setConnectTimeout((int) timeoutMs));
    }

    /** Probes once; the future always succeeds, with a failed {@link ProbeResult} when the proxy did not deliver. */
    public Future<ProbeResult> probe(ProbeTarget target) {
        String password;
        try {
            password = password(target);
        } catch (IllegalStateException e) {
            return Future.succeededFuture(ProbeResult.failed(0, e.getMessage()));
        }
        RequestOptions request = new RequestOptions().setMethod(HttpMethod.GET).setAbsoluteURI(urlFor(target))
                .setProxyOptions(proxyOptions(target, password))
                .setConnectTimeout(timeoutMs).setIdleTimeout(timeoutMs);
        long start = System.nanoTime();
        Promise<ProbeResult> done = Promise.promise();
        long timer = vertx.setTimer(timeoutMs,
                t -> done.tryComplete(ProbeResult.failed(timeoutMs, "no answer within " + timeoutMs + " ms")));
        client.request(request)
                .compose(r -> r.send())
                .compose(response -> read(response, start))
                .onComplete(result -> {
                    vertx.cancelTimer(timer);
                    done.tryComplete(result.succeeded() ? result.result()
                            : ProbeResult.failed(millisSince(start), ProbeFailure.describe(result.cause(), password)));
                });
        return done.future();
    }

    private String urlFor(ProbeTarget target) {
        return target.protocol() == Protocol.HTTPS ? tlsTargetUrl : targetUrl;
    }

    private static Future<ProbeResult> read(HttpClientResponse response, long start) {
        // tinyproxy, for one, answers a forward request with bad credentials 401: the target is not expected to ask.
        if (response.statusCode() == 407 || response.statusCode() == 401) {
            return Future.succeededFuture(ProbeResult.failed(millisSince(start), ProbeFailure.PROXY_AUTH_FAILED));
        }
        return response.body().map(body -> new ProbeResult(response.statusCode(), body.toString(), millisSince(start), null));
    }

    private String password(ProbeTarget target) {
        return target.passwordCiphertext() == null ? null
                : cipher.decrypt(new EncryptedSecret(target.passwordCiphertext(), target.keyId()));
    }

    private static ProxyOptions proxyOptions(ProbeTarget target, String password) {
        // An HTTPS proxy is an HTTP proxy to Vert.x, which tunnels with CONNECT because the TLS target URL is https.
        ProxyType type = target.protocol() == Protocol.SOCKS5 ? ProxyType.SOCKS5 : ProxyType.HTTP;
        return new ProxyOptions().setType(type).setHost(target.host()).setPort(target.port())
                .setUsername(target.username()).setPassword(password);
    }

    private static long millisSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }
}
