package dev.proxyfleet.health;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An HTTP proxy on a loopback address that serves nobody and records what its clients send: every connection, and the
 * credentials of each request's {@code Proxy-Authorization} (forward requests and CONNECT alike). It stands for a host
 * that must never receive a proxy's password, and answers 502.
 */
public final class RecordingProxy implements AutoCloseable {

    private static final String BASIC = "Basic ";

    private final Vertx vertx = Vertx.vertx();
    private final AtomicInteger connections = new AtomicInteger();
    private final List<String> credentials = new CopyOnWriteArrayList<>();
    private final HttpServer server;

    private RecordingProxy(String address) throws Exception {
        server = vertx.createHttpServer()
                .connectionHandler(connection -> connections.incrementAndGet())
                .requestHandler(request -> {
                    String authorization = request.getHeader("Proxy-Authorization");
                    if (authorization != null && authorization.startsWith(BASIC)) {
                        credentials.add(new String(Base64.getDecoder().decode(authorization.substring(BASIC.length())),
                                StandardCharsets.UTF_8));
                    }
                    request.response().setStatusCode(502).end();
                })
                .listen(0, address).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    /** A recording proxy listening on this loopback address, on a free port. */
    public static RecordingProxy on(String address) {
        try {
            return new RecordingProxy(address);
        } catch (Exception e) {
            throw new IllegalStateException("recording proxy on " + address + " did not start", e);
        }
    }

    public int port() {
        return server.actualPort();
    }

    /** Connections opened to it so far. */
    public int connections() {
        return connections.get();
    }

    /** The {@code user:password} of every request that carried basic proxy credentials, in order. */
    public List<String> credentials() {
        return List.copyOf(credentials);
    }

    @Override
    public void close() {
        vertx.close();
    }
}
