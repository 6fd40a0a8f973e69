package dev.proxyfleet.localinfra.loopback;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.RequestOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Many small HTTP forward proxies in this JVM, one per port, each fetching the absolute URI it is asked for (from
 * the one target page also served here) and passing the answer on: real proxies to probe, cheap enough for
 * thousands on one machine.
 */
public final class LoopbackProxies implements AutoCloseable {

    /** What the target page says. */
    public static final String PAGE = "proxyfleet-ok";

    private final Vertx vertx = Vertx.vertx();
    private final HttpClient upstream = vertx.createHttpClient();
    private final List<HttpServer> proxies = new ArrayList<>();
    private final HttpServer target;

    public LoopbackProxies() {
        target = await(vertx.createHttpServer().requestHandler(r -> r.response().end(PAGE)).listen(0, "127.0.0.1"));
    }

    /** The URL of the target page. */
    public String targetUrl() {
        return "http://127.0.0.1:" + target.actualPort() + "/ok";
    }

    /** Opens one more proxy and answers its port. */
    public int open() {
        HttpServer proxy = await(vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0))
                .requestHandler(this::forward).listen());
        proxies.add(proxy);
        return proxy.actualPort();
    }

    /** Closes the proxy on this port: connections to it are refused from now on. */
    public void kill(int port) {
        HttpServer proxy = proxies.stream().filter(p -> p.actualPort() == port).findFirst().orElseThrow();
        await(proxy.close());
        proxies.remove(proxy);
    }

    private void forward(HttpServerRequest request) {
        upstream.request(new RequestOptions().setMethod(request.method()).setAbsoluteURI(request.uri()))
                .compose(out -> out.send())
                .compose(response -> response.body().map(body -> reply(request, response, body)))
                .onFailure(e -> request.response().setStatusCode(502).end());
    }

    private static Void reply(HttpServerRequest request, HttpClientResponse response, Buffer body) {
        request.response().setStatusCode(response.statusCode()).end(body);
        return null;
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
}
