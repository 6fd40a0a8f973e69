package dev.proxyfleet.health.probe;

import dev.proxyfleet.contracts.Protocol;
import dev.proxyfleet.crypto.CredentialCipher;
import dev.proxyfleet.egress.ProxyAddressPolicy;
import dev.proxyfleet.health.HealthConfig;
import dev.proxyfleet.health.settings.ProbeSettings;
import io.quarkus.runtime.Startup;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.impl.VertxInternal;
import io.vertx.core.net.ProxyOptions;
import io.vertx.core.net.ProxyType;
import io.vertx.core.net.TrustOptions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Fetches the target URL through a proxy without blocking a thread: one Vert.x HTTP client for every proxy, used
 * through the web client, the proxy chosen per request. Keep-alive is off, so each probe opens a fresh connection
 * through the proxy and tests it whole (proxy handshake and authentication included).
 *
 * <p>An {@code HTTPS} proxy in the inventory is an HTTP proxy that clients use for https sites through CONNECT, so it
 * is probed that way: the TLS target URL, fetched through a CONNECT tunnel with TLS end to end. {@code HTTP} and
 * {@code SOCKS5} proxies fetch the target URL (an https one is tunnelled too). Every https target's certificate is
 * verified, its chain and its host name. Redirects are not followed: a 3xx is the answer.
 *
 * <p>A probe ends by its timeout, whatever the proxy does, and its connection is closed then; the connect, proxy
 * handshake and TLS handshake time out after the probe timeout too, as until they are done there is no connection to
 * close (see {@link ProbeExchange}). Of the body it reads the first {@code maxBody} bytes: a longer body ends the probe
 * when the cap is reached, its connection closed, and the probe is judged by the status and the part read. A long page
 * of the target says nothing against the proxy, so the cap does not fail a probe; an endless body holds neither memory
 * nor a connection.
 *
 * <p>The proxy's host is resolved here, not by the HTTP client, and the probe connects to the address it resolved to,
 * once {@link ProxyAddressPolicy} has allowed it: so no probe, and no password, goes to a link-local (cloud metadata),
 * unspecified or multicast address, whatever the inventory says, and a name whose DNS answer changes between a check
 * and the connect (DNS rebinding) cannot slip through, since there is no second lookup.
 */
@ApplicationScoped
@Startup // so that an unreadable trust file stops the start instead of failing probes
public class Prober {

    private final Vertx vertx;
    private final Resolver resolver;
    private final CredentialCipher cipher;
    private final ProxyAddressPolicy addresses;
    private final String targetUrl;
    private final String tlsTargetUrl;
    /** Replaced when the probe settings change (see {@link #apply}). */
    private volatile long timeoutMs;
    private final int maxBody;
    private final HttpClient client;

    @Inject
    public Prober(Vertx vertx, CredentialCipher cipher, ProxyAddressPolicy addresses, HealthConfig config) {
        this(vertx, Resolver.of(vertx), cipher, addresses, config.targetUrl(), config.tlsTargetUrl(),
                TargetTrust.of(config.targetTrustPem()), config.timeout(), config.maxConcurrency(),
                config.maxBody().asBigInteger().intValueExact());
    }

    /**
     * @param resolver where the proxies' host names are resolved ({@link Resolver#of}, or a test's own answers)
     * @param trust the authorities an https target's certificate must chain to
     * @param maxBody the bytes of a response body a probe reads at most
     */
    public Prober(Vertx vertx, Resolver resolver, CredentialCipher cipher, ProxyAddressPolicy addresses,
            String targetUrl, String tlsTargetUrl, TrustOptions trust, Duration timeout, int maxConcurrency,
            int maxBody) {
        this.vertx = vertx;
        this.resolver = resolver;
        this.cipher = cipher;
        this.addresses = addresses;
        this.targetUrl = targetUrl;
        this.tlsTargetUrl = tlsTargetUrl;
        this.timeoutMs = timeout.toMillis();
        this.maxBody = maxBody;
        this.client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(false)
                .setTrustOptions(trust).setVerifyHost(true).setMaxPoolSize(maxConcurrency)
                .setConnectTimeout((int) timeoutMs)
                .setSslHandshakeTimeout(timeoutMs).setSslHandshakeTimeoutUnit(TimeUnit.MILLISECONDS));
    }

    /**
     * New probe settings: the next probes end by their timeout, the proxy handshake's too. The one client's TCP connect
     * and TLS handshake timeouts stay the start-up timeout's (it is not rebuilt under probes in flight); a shorter
     * timeout still ends each probe in time, as the probe's own timer closes what its connect opens
     * ({@link ProbeExchange}), while a longer one lets those two phases take only the start-up timeout.
     */
    void apply(@Observes ProbeSettings settings) {
        timeoutMs = settings.timeout().toMillis();
    }

    /** Probes once; the future always succeeds, with a failed {@link ProbeResult} when the proxy did not deliver. */
    public Future<ProbeResult> probe(ProbeTarget target) {
        return fetch(target, urlFor(target));
    }

    /**
     * Fetches {@code url} through the proxy once, bound like a probe (timeout, body cap, address policy); the future
     * always succeeds, with a failed {@link ProbeResult} when the proxy did not deliver.
     */
    public Future<ProbeResult> fetch(ProbeTarget target, String url) {
        String password;
        try {
            password = target.password(cipher);
        } catch (IllegalStateException e) {
            return Future.succeededFuture(ProbeResult.failed(0, e.getMessage()));
        }
        ProbeExchange exchange = new ProbeExchange(vertx, timeoutMs, maxBody, password);
        resolver.resolve(target.host()).onComplete(resolved -> {
            if (resolved.failed()) {
                exchange.fail(ProbeFailure.describe(resolved.cause(), password));
                return;
            }
            Optional<String> refusal = addresses.refusal(resolved.result());
            if (refusal.isPresent()) {
                exchange.fail("address refused: " + refusal.get());
            } else if (!exchange.result().isComplete()) {
                exchange.client(client).requestAbs(HttpMethod.GET, url)
                        .proxy(proxyOptions(target, resolved.result(), password))
                        .as(exchange.body())
                        .send(exchange::finish);
            }
        });
        return exchange.result();
    }

    /**
     * Fetches the probe target without a proxy, to tell whether our own egress reaches it ({@code outage.DirectCheck});
     * the future always succeeds, as a probe's does.
     */
    public Future<ProbeResult> direct() {
        ProbeExchange exchange = new ProbeExchange(vertx, timeoutMs, maxBody, null);
        exchange.client(client).requestAbs(HttpMethod.GET, targetUrl).as(exchange.body()).send(exchange::finish);
        return exchange.result();
    }

    /** Finds the one address a probe of a proxy connects to. */
    @FunctionalInterface
    public interface Resolver {

        Future<InetAddress> resolve(String host);

        /**
         * The resolver the HTTP client would use itself, so names resolve as they did before the check (under Quarkus
         * the JDK's through Netty: hosts file, DNS, the JDK's cache; an IP literal is its own answer, and so is the
         * address the client is then given). Vert.x 4.5 offers it only on its internal API.
         */
        static Resolver of(Vertx vertx) {
            return host -> {
                Promise<InetAddress> resolved = Promise.promise();
                ((VertxInternal) vertx).resolveAddress(host, resolved);
                return resolved.future();
            };
        }
    }

    private String urlFor(ProbeTarget target) {
        return target.protocol() == Protocol.HTTPS ? tlsTargetUrl : targetUrl;
    }

    private ProxyOptions proxyOptions(ProbeTarget target, InetAddress address, String password) {
        // An HTTPS proxy is an HTTP proxy to Vert.x, which tunnels with CONNECT because the TLS target URL is https.
        ProxyType type = target.protocol() == Protocol.SOCKS5 ? ProxyType.SOCKS5 : ProxyType.HTTP;
        return new ProxyOptions().setType(type).setHost(address.getHostAddress()).setPort(target.port())
                .setUsername(target.username()).setPassword(password)
                .setConnectTimeout(Duration.ofMillis(timeoutMs));
    }
}
