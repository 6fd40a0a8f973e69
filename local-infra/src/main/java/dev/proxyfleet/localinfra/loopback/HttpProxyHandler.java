package dev.proxyfleet.localinfra.loopback;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.SocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Optional;

/**
 * What an HTTP loopback proxy does with a request: asks for its login (basic authentication, {@code 407}), opens a
 * tunnel for a {@code CONNECT}, and forwards any other request to its absolute URI. Destinations off 127.0.0.0/8 get
 * {@code 403}, unreachable ones {@code 502}.
 */
final class HttpProxyHandler {

    private final HttpClient upstream;
    private final NetClient connector;

    HttpProxyHandler(HttpClient upstream, NetClient connector) {
        this.upstream = upstream;
        this.connector = connector;
    }

    /** @param login what the client must send, or null when the proxy asks for none */
    void serve(HttpServerRequest request, Login login) {
        if (login != null && !login.admitsBasic(request.getHeader(HttpHeaders.PROXY_AUTHORIZATION))) {
            request.response().setStatusCode(407).putHeader("Proxy-Authenticate", "Basic realm=\"loopback\"").end();
        } else if (request.method() == HttpMethod.CONNECT) {
            tunnel(request);
        } else {
            forward(request);
        }
    }

    private void tunnel(HttpServerRequest request) {
        Optional<SocketAddress> destination = Loopback.authority(request.uri());
        if (destination.isEmpty()) {
            request.response().setStatusCode(403).end();
            return;
        }
        connector.connect(destination.get())
                .onSuccess(target -> request.toNetSocket()
                        .onSuccess(client -> Loopback.relay(client, target))
                        .onFailure(e -> target.close()))
                .onFailure(e -> request.response().setStatusCode(502).end());
    }

    private void forward(HttpServerRequest request) {
        if (!toLoopback(request.uri())) {
            request.response().setStatusCode(403).end();
            return;
        }
        upstream.request(new RequestOptions().setMethod(request.method()).setAbsoluteURI(request.uri()))
                .compose(HttpClientRequest::send)
                .compose(response -> response.body().map(body -> reply(request, response, body)))
                .onFailure(e -> request.response().setStatusCode(502).end());
    }

    private static boolean toLoopback(String uri) {
        try {
            URI absolute = new URI(uri);
            int port = absolute.getPort() < 0 ? 80 : absolute.getPort();
            return "http".equals(absolute.getScheme()) && Loopback.address(absolute.getHost(), port).isPresent();
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private static Void reply(HttpServerRequest request, HttpClientResponse response, Buffer body) {
        request.response().setStatusCode(response.statusCode()).end(body);
        return null;
    }
}
