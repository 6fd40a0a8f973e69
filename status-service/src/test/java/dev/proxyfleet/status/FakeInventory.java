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
 * Stands in for inventory-service's import and key endpoints in the browser test: answers
 * {@code POST /api/proxies/import?dryRun=true} with a dry-run report of the contract's shape (as inventory-service
 * returns it for the three lines the test pastes), {@code GET /api/proxies/{id}/keys} with the keys the test set and
 * {@code DELETE /api/proxies/{id}/keys/{keyId}} with 204, with CORS for the dashboard's origin (the preflight included).
 */
final class FakeInventory implements AutoCloseable {

    static final String DRY_RUN_REPORT = """
            {"dryRun":true,"atomic":false,"stored":false,"lines":3,"created":0,"valid":2,"duplicates":0,"invalid":1,
             "results":[{"line":1,"status":"valid"},{"line":2,"status":"valid"},
                        {"line":3,"status":"invalid","reason":"port must be between 1 and 65535"}]}""";

    private final HttpServer server;
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final List<String> keyRequests = new CopyOnWriteArrayList<>();
    private volatile String keys = "[]";

    FakeInventory(int port) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        server.createContext("/api/proxies/import", this::importing);
        server.createContext("/api/proxies/", this::keys);
        server.start();
    }

    /** The JSON array every {@code GET /api/proxies/{id}/keys} answers from now on. */
    void answerKeys(String json) {
        keys = json;
    }

    /** Each key request as "method path". */
    List<String> keyRequests() {
        return keyRequests;
    }

    private void keys(HttpExchange exchange) throws IOException {
        if (preflight(exchange, "GET, DELETE")) {
            return;
        }
        keyRequests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath());
        if (exchange.getRequestMethod().equals("DELETE")) {
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
            return;
        }
        answer(exchange, keys);
    }

    /** Allows the dashboard's origin; answers the browser's preflight (the requests carry an Authorization header). */
    private static boolean preflight(HttpExchange exchange, String methods) throws IOException {
        exchange.getResponseHeaders().add("Access-Control-Allow-Origin", "*");
        if (!exchange.getRequestMethod().equals("OPTIONS")) {
            return false;
        }
        exchange.getResponseHeaders().add("Access-Control-Allow-Methods", methods);
        exchange.getResponseHeaders().add("Access-Control-Allow-Headers", "authorization, content-type");
        exchange.sendResponseHeaders(204, -1);
        exchange.close();
        return true;
    }

    private static void answer(HttpExchange exchange, String json) throws IOException {
        byte[] answer = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, answer.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(answer);
        }
    }

    /** Each import request as "authorization | query | body". */
    List<String> requests() {
        return requests;
    }

    private void importing(HttpExchange exchange) throws IOException {
        if (preflight(exchange, "POST")) {
            return;
        }
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        requests.add(exchange.getRequestHeaders().getFirst("Authorization") + " | " + exchange.getRequestURI().getQuery() + " | " + body);
        answer(exchange, DRY_RUN_REPORT);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
