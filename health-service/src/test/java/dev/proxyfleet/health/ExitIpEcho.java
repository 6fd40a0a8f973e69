package dev.proxyfleet.health;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The exit-IP target of the tests: answers with the address its caller connected from, as a public echo service does
 * ({@code /text}: the address alone, {@code /json}: {@code {"ip": "..."}}), or, while told to, with a page that names
 * no address. Started on first use, on 127.0.0.1.
 */
public final class ExitIpEcho {

    private static HttpServer server;
    private static volatile boolean garbage;
    private static final AtomicInteger GARBAGE_SERVED = new AtomicInteger();

    private ExitIpEcho() {
    }

    /** The URL of one of its answers: {@code text} or {@code json}. */
    public static synchronized String url(String format) {
        if (server == null) {
            server = start();
        }
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/" + format;
    }

    /** From now on, answers a page without an address (true) or the caller's address again (false). */
    public static void answerGarbage(boolean on) {
        garbage = on;
    }

    /** How many answers without an address it has given. */
    public static int garbageServed() {
        return GARBAGE_SERVED.get();
    }

    private static HttpServer start() {
        try {
            HttpServer http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 100);
            http.createContext("/text", exchange -> answer(exchange, caller(exchange)));
            http.createContext("/json", exchange -> answer(exchange, "{\"ip\": \"" + caller(exchange) + "\"}"));
            http.setExecutor(Executors.newCachedThreadPool());
            http.start();
            return http;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String caller(HttpExchange exchange) {
        return exchange.getRemoteAddress().getAddress().getHostAddress();
    }

    private static void answer(HttpExchange exchange, String address) throws IOException {
        boolean noAddress = garbage;
        if (noAddress) {
            GARBAGE_SERVED.incrementAndGet();
        }
        byte[] body = (noAddress ? "<html>proxyfleet-ok, but no address here</html>" : address)
                .getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
