package dev.proxyfleet.health.probe;

import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.ext.web.client.impl.ClientPhase;
import io.vertx.ext.web.client.impl.HttpContext;
import io.vertx.ext.web.client.impl.WebClientInternal;
import io.vertx.ext.web.codec.BodyCodec;

/**
 * One probe's request, held to the two bounds the web client does not enforce by itself: a deadline for the whole
 * exchange (its timeouts are idle timeouts, which a body dripping bytes never trips) and a cap on the body kept. Either
 * bound ends the probe at once and closes the request's connection (keep-alive is off, so it serves this probe only). A
 * deadline that passes while the connection is still being set up closes it as soon as it is there, before the request
 * goes out; until then the connect, proxy handshake and TLS handshake timeouts bound that phase.
 *
 * <p>Only an interceptor gets hold of the request in flight: the web client's interceptor chain, internal API in Vert.x
 * 4.5 ({@link WebClientInternal}) that its own session and caching clients build on. Each exchange wraps the shared
 * HTTP client in a web client of its own, so the interceptor sees this probe's request only.
 */
final class ProbeExchange implements Handler<HttpContext<?>> {

    private final long start = System.nanoTime();
    private final Promise<ProbeResult> result = Promise.promise();
    private final String password;
    private final BodyPrefix body;
    private volatile HttpClientRequest request;
    private int status;

    /** Starts the deadline; {@code password} is the proxy's, kept out of every error text. */
    ProbeExchange(Vertx vertx, long timeoutMs, int maxBody, String password) {
        this.password = password;
        this.body = new BodyPrefix(maxBody, this::overflowed);
        ProbeResult timedOut = ProbeResult.failed(timeoutMs, "no answer within " + timeoutMs + " ms");
        long deadline = vertx.setTimer(timeoutMs, t -> end(timedOut));
        result.future().onComplete(r -> vertx.cancelTimer(deadline));
    }

    /** A web client on {@code client} whose requests this exchange bounds; it neither follows redirects nor adds headers. */
    WebClient client(HttpClient client) {
        WebClientInternal web = (WebClientInternal) WebClient.wrap(client,
                new WebClientOptions().setFollowRedirects(false).setUserAgentEnabled(false));
        return web.addInterceptor(this);
    }

    /** Where the response body goes. */
    BodyCodec<Void> body() {
        return BodyCodec.pipe(body, false);
    }

    /** Completes the probe with the response, or with why there is none, unless a bound ended it before. */
    void finish(AsyncResult<HttpResponse<Void>> response) {
        if (response.succeeded()) {
            result.tryComplete(answer(response.result().statusCode()));
        } else {
            result.tryComplete(ProbeResult.failed(millisSince(start), ProbeFailure.describe(response.cause(), password)));
        }
    }

    /** Ends the probe before any request went out: its proxy could not, or may not, be connected to. */
    void fail(String error) {
        end(ProbeResult.failed(millisSince(start), error));
    }

    Future<ProbeResult> result() {
        return result.future();
    }

    @Override
    public void handle(HttpContext<?> context) {
        if (context.phase() == ClientPhase.SEND_REQUEST) {
            request = context.clientRequest();
            if (result.future().isComplete()) {
                close(request);
                context.fail(new IllegalStateException("the probe ended while connecting"));
                return;
            }
        } else if (context.phase() == ClientPhase.RECEIVE_RESPONSE) {
            status = context.clientResponse().statusCode();
        }
        context.next();
    }

    /**
     * A body beyond the cap ends the probe with the prefix: the probe measures the proxy, which has delivered the
     * target's answer; whether it passes is for its status and the prefix to say.
     */
    private void overflowed() {
        end(answer(status));
    }

    private void end(ProbeResult outcome) {
        if (result.tryComplete(outcome)) {
            // Read after completing: a request that arrives later sees the probe complete and fails itself.
            HttpClientRequest inFlight = request;
            if (inFlight != null) {
                close(inFlight);
            }
        }
    }

    /** Resetting a request that is not yet written would leave its connection open, and in the pool for the next one. */
    private static void close(HttpClientRequest request) {
        request.connection().close();
    }

    private ProbeResult answer(int statusCode) {
        // tinyproxy, for one, answers a forward request with bad credentials 401: the target is not expected to ask.
        if (statusCode == 407 || statusCode == 401) {
            return ProbeResult.failed(millisSince(start), ProbeFailure.PROXY_AUTH_FAILED);
        }
        return new ProbeResult(statusCode, body.text(), millisSince(start), null);
    }

    private static long millisSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }
}
