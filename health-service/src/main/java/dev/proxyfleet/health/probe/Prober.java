package dev.proxyfleet.health.probe;

import dev.proxyfleet.contracts.Protocol;
import dev.proxyfleet.crypto.CredentialCipher;
import dev.proxyfleet.crypto.EncryptedSecret;
import dev.proxyfleet.health.HealthConfig;
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
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * Fetches the target URL through a proxy without blocking a thread: one Vert.x HTTP client for every proxy, the proxy
 * chosen per request. Keep-alive is off, so each probe opens a fresh connection through the proxy and tests it
 * whole (proxy handshake and authentication included).
 */
@ApplicationScoped
public class Prober {

    static final String PROXY_AUTH_FAILED = "proxy authentication failed";
    /** How Netty's HTTP CONNECT and SOCKS5 handlers report refused credentials. */
    private static final Pattern AUTH_REFUSED = Pattern.compile("\\b40[17]\\b|auth", Pattern.CASE_INSENSITIVE);

    private final Vertx vertx;
    private final CredentialCipher cipher;
    private final String targetUrl;
    private final long timeoutMs;
    private final HttpClient client;

    @Inject
    public Prober(Vertx vertx, CredentialCipher cipher, HealthConfig config) {
        this(vertx, cipher, config.targetUrl(), config.timeout(), config.maxConcurrency());
    }

    public Prober(Vertx vertx, CredentialCipher cipher, String targetUrl, Duration timeout, int maxConcurrency) {
        this.vertx = vertx;
        this.cipher = cipher;
        this.targetUrl = targetUrl;
        this.timeoutMs = timeout.toMillis();
        this.client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(false)
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
        RequestOptions request = new RequestOptions().setMethod(HttpMethod.GET).setAbsoluteURI(targetUrl)
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
                            : ProbeResult.failed(millisSince(start), describe(result.cause(), password)));
                });
        return done.future();
    }

    private static Future<ProbeResult> read(HttpClientResponse response, long start) {
        // tinyproxy, for one, answers a forward request with bad credentials 401: the target is not expected to ask.
        if (response.statusCode() == 407 || response.statusCode() == 401) {
            return Future.succeededFuture(ProbeResult.failed(millisSince(start), PROXY_AUTH_FAILED));
        }
        return response.body().map(body -> new ProbeResult(response.statusCode(), body.toString(), millisSince(start), null));
    }

    private String password(ProbeTarget target) {
        return target.passwordCiphertext() == null ? null
                : cipher.decrypt(new EncryptedSecret(target.passwordCiphertext(), target.keyId()));
    }

    private static ProxyOptions proxyOptions(ProbeTarget target, String password) {
        // An HTTPS proxy in the inventory is one that tunnels TLS with CONNECT: an HTTP proxy to Vert.x.
        ProxyType type = target.protocol() == Protocol.SOCKS5 ? ProxyType.SOCKS5 : ProxyType.HTTP;
        return new ProxyOptions().setType(type).setHost(target.host()).setPort(target.port())
                .setUsername(target.username()).setPassword(password);
    }

    private static String describe(Throwable failure, String password) {
        String message = failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
        if (AUTH_REFUSED.matcher(message).find()) {
            return PROXY_AUTH_FAILED;
        }
        return ErrorText.clean(message, password);
    }

    private static long millisSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }
}
