package dev.proxyfleet.bench;

import io.vertx.core.Vertx;
import io.vertx.core.http.ClientWebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import java.net.URI;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Many WebSocket clients on one URL; each complete text message goes to one handler. Vert.x clients, not the JDK's
 * {@code java.net.http.WebSocket}: that one (17 and 25 alike) loses the 16 KB read buffers that follow the one holding
 * the 101 response, so a client whose large first message (the snapshot) arrives right behind the handshake then
 * reads mid-message bytes as a frame header and fails with "Unexpected rsv1 bit".
 */
final class WebSocketCrowd implements AutoCloseable {

    /** Vert.x refuses messages over 256 KB by default; the 1,000-proxy snapshot is about 330 KB. */
    private static final int MAX_MESSAGE_BYTES = 16 << 20;

    private final Vertx vertx = Vertx.vertx();
    private final AtomicInteger open = new AtomicInteger();

    /** Connects {@code count} clients and waits until each received its first message (the snapshot). */
    WebSocketCrowd(URI uri, int count, Consumer<String> onMessage) throws InterruptedException {
        WebSocketClient client = vertx.createWebSocketClient(new WebSocketClientOptions()
                .setMaxConnections(count).setMaxMessageSize(MAX_MESSAGE_BYTES));
        WebSocketConnectOptions target = new WebSocketConnectOptions().setAbsoluteURI(uri.toString());
        CountDownLatch snapshots = new CountDownLatch(count);
        for (int i = 0; i < count; i++) {
            connect(client.webSocket(), target, onMessage, snapshots);
        }
        if (!snapshots.await(30, TimeUnit.SECONDS)) {
            System.out.printf("  (%d of %d clients got no snapshot within 30 s)%n", snapshots.getCount(), count);
        }
    }

    /** Sets the handlers before connecting, so that no message can arrive before them. */
    private void connect(ClientWebSocket socket, WebSocketConnectOptions target, Consumer<String> onMessage,
            CountDownLatch snapshots) {
        AtomicBoolean first = new AtomicBoolean(true);
        socket.textMessageHandler(message -> {
            onMessage.accept(message);
            if (first.compareAndSet(true, false)) {
                snapshots.countDown();
            }
        });
        socket.exceptionHandler(error -> System.err.println("WebSocket client failed: " + error));
        socket.closeHandler(closed -> open.decrementAndGet());
        socket.connect(target).toCompletionStage().toCompletableFuture().join();
        open.incrementAndGet();
    }

    int connected() {
        return open.get();
    }

    @Override
    public void close() {
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }
}
