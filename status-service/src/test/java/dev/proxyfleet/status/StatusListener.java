package dev.proxyfleet.status;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Vertx;
import io.vertx.core.http.ClientWebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.awaitility.Awaitility;

/**
 * A real WebSocket client on {@code /ws/status} that keeps every message it receives, parsed. A Vert.x client: the
 * JDK's loses the bytes of a large snapshot that arrive right behind the handshake (see the bench's WebSocketCrowd).
 */
final class StatusListener implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<JsonNode> messages = new CopyOnWriteArrayList<>();
    private final AtomicInteger pings = new AtomicInteger();
    private final CompletableFuture<String> closeStatus = new CompletableFuture<>();
    private final WebSocketClient client;
    private final ClientWebSocket socket;

    StatusListener(Vertx vertx, URI httpUri) {
        this(vertx, httpUri, null);
    }

    /** With an API token, sent as the dashboard sends it: a sub-protocol, since browsers cannot set the header. */
    StatusListener(Vertx vertx, URI httpUri, String token) {
        client = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxMessageSize(64 << 20));
        socket = client.webSocket();
        socket.textMessageHandler(this::received);
        socket.frameHandler(frame -> {
            if (frame.isPing()) {
                pings.incrementAndGet();
            }
        });
        socket.closeHandler(closed -> closeStatus.complete(socket.closeStatusCode() + " " + socket.closeReason()));
        WebSocketConnectOptions options = new WebSocketConnectOptions()
                .setAbsoluteURI(httpUri.toString().replaceFirst("^http", "ws"));
        if (token != null) {
            options.setSubProtocols(List.of("bearer-token-carrier",
                    URLEncoder.encode("quarkus-http-upgrade#Authorization#Bearer " + token, StandardCharsets.UTF_8)));
        }
        socket.connect(options).toCompletionStage().toCompletableFuture().join();
    }

    List<JsonNode> messages() {
        return messages;
    }

    /** The server's close code and reason once it closed the socket, e.g. {@code "1013 too many clients: …"}. */
    String awaitClose() {
        return closeStatus.orTimeout(30, TimeUnit.SECONDS).join();
    }

    /** Ping frames the server has sent. */
    int pings() {
        return pings.get();
    }

    /** Waits for a message that matches and returns it. */
    JsonNode await(Predicate<JsonNode> match) {
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20))
                .until(() -> messages.stream().anyMatch(match));
        return messages.stream().filter(match).findFirst().orElseThrow();
    }

    /** Whether a message lists this proxy with this field value. */
    static Predicate<JsonNode> shows(long proxyId, String field, String value) {
        return message -> message.path("proxies").findParents("id").stream()
                .anyMatch(p -> p.path("id").asLong() == proxyId && value.equals(p.path(field).asText()));
    }

    private void received(String message) {
        try {
            messages.add(JSON.readTree(message));
        } catch (IOException e) {
            throw new IllegalStateException("not JSON: " + message, e);
        }
    }

    @Override
    public void close() {
        socket.close().toCompletionStage().toCompletableFuture().join();
        client.close();
    }
}
