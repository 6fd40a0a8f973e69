package dev.proxyfleet.localinfra.loopback;

import dev.proxyfleet.contracts.Protocol;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.core.net.PfxOptions;
import io.vertx.core.net.ProxyOptions;
import io.vertx.core.net.ProxyType;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;

/**
 * Small proxies in this JVM, one per port on 127.0.0.1, in front of a target page also served here: real proxies to
 * probe and to use, cheap enough for thousands on one machine. HTTP proxies forward absolute-URI requests and open
 * CONNECT tunnels (which is how clients use an HTTPS proxy); SOCKS5 proxies connect. Either kind may ask for a login.
 * They reach nothing but 127.0.0.0/8: any other destination is refused, so none of them carries traffic off this
 * machine. They listen on free ports, but never on one that was promised to a server that starts after them.
 */
public final class LoopbackProxies implements AutoCloseable {

    /** What the target page says. */
    public static final String PAGE = "proxyfleet-ok";
    /** The target's path that answers with its caller's address instead, as an exit-IP echo does. */
    private static final String EXIT_IP_PATH = "/ip";
    private static final String HOST = "127.0.0.1";
    private static final long FETCH_TIMEOUT_MS = 5000;

    private final Vertx vertx = Vertx.vertx();
    /** How proxies without an exit address of their own reach their destinations: from 127.0.0.1. */
    private final Exit anyExit = new Exit(vertx.createHttpClient(), vertx.createNetClient());
    /** How proxies that leave through an address of their own reach their destinations, by that address. */
    private final Map<String, Exit> exits = new ConcurrentHashMap<>();
    private final Map<Integer, Proxy> proxies = new ConcurrentHashMap<>();
    private final Set<Integer> avoided;
    private final int targetPort;
    private final Optional<LoopbackCertificate> certificate;
    private final Optional<Integer> tlsTargetPort;
    private final HttpClient fetcher;

    /** The proxies and the target page over http. */
    public LoopbackProxies() {
        this(Optional.empty(), Set.of());
    }

    /**
     * The proxies, the target page over http, and the same page over https with a certificate for 127.0.0.1 made in
     * {@code tlsDir}, which clients trust through {@link #tlsTrustPem()}.
     *
     * @param avoided ports none of them may take: ports chosen for servers that start later
     */
    public LoopbackProxies(Path tlsDir, Set<Integer> avoided) {
        this(Optional.of(LoopbackCertificate.create(tlsDir)), avoided);
    }

    private LoopbackProxies(Optional<LoopbackCertificate> certificate, Set<Integer> avoided) {
        this.certificate = certificate;
        this.avoided = Set.copyOf(avoided);
        targetPort = listenTarget(new HttpServerOptions());
        tlsTargetPort = certificate.map(tls -> listenTarget(new HttpServerOptions().setSsl(true)
                .setKeyCertOptions(new PfxOptions().setPath(tls.keyStore().toString()).setPassword(tls.password()))));
        HttpClientOptions fetching = new HttpClientOptions().setKeepAlive(false);
        certificate.ifPresent(tls -> fetching.setVerifyHost(true).setTrustOptions(new PemTrustOptions().addCertPath(tls.pem().toString())));
        fetcher = vertx.createHttpClient(fetching);
    }

    private int listenTarget(HttpServerOptions options) {
        return listen(() -> vertx.createHttpServer(options).requestHandler(r -> r.response()
                        .end(r.path().equals(EXIT_IP_PATH) ? r.remoteAddress().hostAddress() : PAGE)).listen(0, HOST),
                HttpServer::actualPort, HttpServer::close).actualPort();
    }

    /**
     * Binds a server to a free port that is not avoided. The system picks the port; one it picks from the avoided
     * ones is held until a good one is found, so that it is not picked again, and then released.
     */
    private <S> S listen(Supplier<Future<S>> bind, ToIntFunction<S> port, Function<S, Future<Void>> close) {
        List<S> rejected = new ArrayList<>();
        try {
            for (int attempt = 0; attempt <= avoided.size(); attempt++) {
                S server = await(bind.get());
                if (!avoided.contains(port.applyAsInt(server))) {
                    return server;
                }
                rejected.add(server);
            }
            throw new IllegalStateException("no free port on " + HOST + " beside " + avoided);
        } finally {
            rejected.forEach(server -> await(close.apply(server)));
        }
    }

    /** The URL of the target page. */
    public String targetUrl() {
        return "http://" + HOST + ":" + targetPort + "/ok";
    }

    /**
     * The URL of the target's exit-IP echo: it answers with the address its caller came from, as plain text, so a
     * request through a proxy reads the proxy's exit address.
     */
    public String exitIpUrl() {
        return "http://" + HOST + ":" + targetPort + EXIT_IP_PATH;
    }

    /** The URL of the target page over https: what clients of an HTTPS proxy fetch through its CONNECT tunnel. */
    public String tlsTargetUrl() {
        return "https://" + HOST + ":" + tlsTargetPort.orElseThrow(LoopbackProxies::noTls) + "/ok";
    }

    /** The PEM file of the https target's certificate, the one certificate its clients need to trust. */
    public Path tlsTrustPem() {
        return certificate.orElseThrow(LoopbackProxies::noTls).pem();
    }

    private static IllegalStateException noTls() {
        return new IllegalStateException("these loopback proxies serve no https target");
    }

    /** Opens one more HTTP proxy without a login and answers its port. */
    public int open() {
        return openHttp(null);
    }

    /** Opens an HTTP proxy (forwards and CONNECT) and answers its port; {@code login} null: it asks for none. */
    public int openHttp(Login login) {
        return openHttp(login, anyExit);
    }

    /**
     * Opens an HTTP proxy like {@link #openHttp(Login)} whose connections to its destinations leave from
     * {@code exitAddress}, a 127.0.0.0/8 address (Linux answers on all of them): its exit IP, as a destination sees its
     * caller. Proxies opened with one exit address share it, as two inventory entries of one upstream proxy do.
     */
    public int openHttp(Login login, String exitAddress) {
        return openHttp(login, exit(exitAddress));
    }

    private int openHttp(Login login, Exit exit) {
        Proxy proxy = new Proxy(login);
        HttpServer server = listen(() -> vertx.createHttpServer().requestHandler(request -> serveHttp(proxy, exit.http, request))
                        .listen(0, HOST), HttpServer::actualPort, HttpServer::close);
        return proxy.listening(server.actualPort(), server::close);
    }

    /** Opens a SOCKS5 proxy and answers its port; {@code login} null: it asks for none. */
    public int openSocks5(Login login) {
        return openSocks5(login, anyExit);
    }

    /** Opens a SOCKS5 proxy like {@link #openSocks5(Login)} that leaves from {@code exitAddress}, as {@link #openHttp(Login, String)}. */
    public int openSocks5(Login login, String exitAddress) {
        return openSocks5(login, exit(exitAddress));
    }

    private int openSocks5(Login login, Exit exit) {
        Proxy proxy = new Proxy(login);
        NetServer server = listen(() -> vertx.createNetServer().connectHandler(socket -> {
            if (proxy.down) {
                socket.close();
            } else {
                new Socks5Session(socket, login, exit.connector).start();
            }
        }).listen(0, HOST), NetServer::actualPort, NetServer::close);
        return proxy.listening(server.actualPort(), server::close);
    }

    private Exit exit(String exitAddress) {
        if (Loopback.address(exitAddress, 1).isEmpty()) {
            throw new IllegalArgumentException("an exit address must be in 127.0.0.0/8: " + exitAddress);
        }
        return exits.computeIfAbsent(exitAddress, address -> new Exit(
                vertx.createHttpClient(new HttpClientOptions().setLocalAddress(address)),
                vertx.createNetClient(new NetClientOptions().setLocalAddress(address))));
    }

    /** Closes the proxy on this port: connections to it are refused from now on. */
    public void kill(int port) {
        await(proxies.remove(port).close.get());
    }

    /** Takes the proxy on this port down (it closes every new connection at once, as a broken proxy does) or up again. */
    public void setDown(int port, boolean down) {
        proxies.get(port).down = down;
    }

    /**
     * Fetches the target page through the proxy on this port as its clients do (https through CONNECT for an
     * {@code HTTPS} proxy); completes with how long it took, or fails saying what went wrong.
     */
    public CompletionStage<Duration> fetchThrough(int port, Protocol protocol, Login login) {
        ProxyOptions proxy = new ProxyOptions().setType(protocol == Protocol.SOCKS5 ? ProxyType.SOCKS5 : ProxyType.HTTP)
                .setHost(HOST).setPort(port);
        if (login != null) {
            proxy.setUsername(login.username()).setPassword(login.password());
        }
        long start = System.nanoTime();
        return fetcher.request(new RequestOptions().setAbsoluteURI(protocol == Protocol.HTTPS ? tlsTargetUrl() : targetUrl())
                        .setProxyOptions(proxy).setTimeout(FETCH_TIMEOUT_MS))
                .compose(HttpClientRequest::send)
                .compose(response -> response.body().map(body -> {
                    if (response.statusCode() != 200 || !body.toString().equals(PAGE)) {
                        throw new IllegalStateException("status " + response.statusCode());
                    }
                    return Duration.ofNanos(System.nanoTime() - start);
                }))
                .toCompletionStage();
    }

    private static void serveHttp(Proxy proxy, HttpProxyHandler handler, HttpServerRequest request) {
        if (proxy.down) {
            request.connection().close();
        } else {
            handler.serve(request, proxy.login);
        }
    }

    private static <T> T await(Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("loopback proxy set-up failed", e);
        }
    }

    @Override
    public void close() {
        await(vertx.close());
    }

    /** The clients through which proxies reach their destinations: forwarded requests, and tunnels or SOCKS5 connections. */
    private static final class Exit {

        private final HttpProxyHandler http;
        private final NetClient connector;

        private Exit(HttpClient client, NetClient connector) {
            this.http = new HttpProxyHandler(client, connector);
            this.connector = connector;
        }
    }

    /** One open proxy: the login it asks for (null: none), whether it is down, and how to close it. */
    private final class Proxy {

        private final Login login;
        private volatile boolean down;
        private Supplier<Future<Void>> close;

        private Proxy(Login login) {
            this.login = login;
        }

        private int listening(int port, Supplier<Future<Void>> close) {
            this.close = close;
            proxies.put(port, this);
            return port;
        }
    }
}
