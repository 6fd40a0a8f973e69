package dev.proxyfleet.status;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Stands in for inventory-service's import endpoint in the browser test: answers
 * {@code POST /api/proxies/import?dryRun=true} with a dry-run report of the contract's shape (as inventory-service
 * returns it for the three lines the test pastes), with CORS for the dashboard's origin (the preflight included).
 */
final class FakeInventory implements AutoCloseable {

    static final String DRY_RUN_REPORT = """
            {"dryRun":true,"atomic":false,"stored":false,"lines":3,"created":0,"valid":2,"duplicates":0,"invalid":1,
             "results":[{"line":1,"status":"valid"},{"line":2,"status":"valid"},
                        {"line":3,"status":"invalid","reason":"port must be between 1 and 65535"}]}""";

    private final HttpServer server;
    private final List<String> requests = new CopyOnWriteArrayList<>();

    FakeInventory(int port) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        server.createContext("/api/proxies/import", this::importing);
        server.start();
    }

    /** Each import request as "authorization | query | body". */
    List<String> requests() {
        return requests;
    }

    private void importing(HttpExchange exchange) throws IOException {
        exchange.getResponseHeaders().add("Access-Control-Allow-Origin", "*");
        if (exchange.getRequestMethod().equals("OPTIONS")) {
            // the browser's preflight: the request carries an Authorization header
            exchange.getResponseHeaders().add("Access-Control-Allow-Methods", "POST");
            exchange.getResponseHeaders().add("Access-Control-Allow-Headers", "authorization, content-type");
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
            return;
        }
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        requests.add(exchange.getRequestHeaders().getFirst("Authorization") + " | " + exchange.getRequestURI().getQuery() + " | " + body);
        byte[] answer = DRY_RUN_REPORT.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, answer.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(answer);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
