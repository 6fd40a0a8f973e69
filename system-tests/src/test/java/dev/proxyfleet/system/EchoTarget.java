package dev.proxyfleet.system;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * An exit-IP echo target on 127.0.0.1 for health-service's {@code HEALTH_EXIT_IP_URL}: it answers each caller with the
 * caller's address as plain text, so a request through a proxy reads the address the proxy left from.
 */
final class EchoTarget implements AutoCloseable {

    private final HttpServer server;

    EchoTarget() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
        server.createContext("/", exchange -> {
            byte[] caller = exchange.getRemoteAddress().getAddress().getHostAddress().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, caller.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(caller);
            }
        });
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/";
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
