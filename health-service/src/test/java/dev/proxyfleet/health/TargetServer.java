package dev.proxyfleet.health;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;

/** The site probes fetch in tests: a good page, a slow one, a server error, a client error and one that hangs. */
public final class TargetServer {

    /** The text a good page contains (the tests' {@code health.body-pattern}). */
    public static final String GOOD_TEXT = "proxyfleet-ok";
    /** How long {@code /slow} takes: above the tests' degraded-latency, below their timeout. */
    public static final int SLOW_MS = 600;

    private static HttpServer server;

    private TargetServer() {
    }

    /** The URL of a path on the server, started on first use. */
    public static synchronized String url(String path) {
        if (server == null) {
            server = start();
        }
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    private static HttpServer start() {
        try {
            HttpServer http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 100);
            http.createContext("/ok", exchange -> answer(exchange, 200, 0));
            http.createContext("/slow", exchange -> answer(exchange, 200, SLOW_MS));
            http.createContext("/error", exchange -> answer(exchange, 503, 0));
            http.createContext("/missing", exchange -> answer(exchange, 404, 0));
            http.createContext("/hang", exchange -> answer(exchange, 200, 5_000));
            http.setExecutor(Executors.newCachedThreadPool());
            http.start();
            return http;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void answer(HttpExchange exchange, int status, int delayMs) throws IOException {
        try {
            Thread.sleep(delayMs);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        byte[] body = ("<html>" + GOOD_TEXT + "</html>").getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
