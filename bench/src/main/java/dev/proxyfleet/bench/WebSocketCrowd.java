package dev.proxyfleet.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/** Many WebSocket clients on one URL; each complete text message goes to one handler. */
final class WebSocketCrowd implements AutoCloseable {

    private final List<WebSocket> sockets = new ArrayList<>();
    private final AtomicInteger open = new AtomicInteger();

    /** Connects {@code count} clients and waits until each received its first message (the snapshot). */
    WebSocketCrowd(HttpClient http, URI uri, int count, Consumer<String> onMessage) throws InterruptedException {
        CountDownLatch snapshots = new CountDownLatch(count);
        for (int i = 0; i < count; i++) {
            sockets.add(http.newWebSocketBuilder().buildAsync(uri, new Listener(onMessage, snapshots)).join());
            open.incrementAndGet();
        }
        if (!snapshots.await(120, TimeUnit.SECONDS)) {
            System.out.printf("  (%d of %d clients got no snapshot within 120 s)%n", snapshots.getCount(), count);
        }
    }

    int connected() {
        return open.get();
    }

    @Override
    public void close() {
        sockets.forEach(socket -> socket.abort());
    }

    private final class Listener implements WebSocket.Listener {
        private final Consumer<String> onMessage;
        private final CountDownLatch snapshots;
        private final StringBuilder partial = new StringBuilder();
        private boolean first = true;

        Listener(Consumer<String> onMessage, CountDownLatch snapshots) {
            this.onMessage = onMessage;
            this.snapshots = snapshots;
        }

        @Override
        public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                onMessage.accept(partial.toString());
                partial.setLength(0);
                if (first) {
                    first = false;
                    snapshots.countDown();
                }
            }
            socket.request(1);
            return null;
        }

        @Override
        public void onError(WebSocket socket, Throwable error) {
            open.decrementAndGet();
            System.err.println("WebSocket client failed: " + error + (error.getCause() == null ? "" : " (" + error.getCause().getMessage() + ")"));
        }

        @Override
        public CompletionStage<?> onClose(WebSocket socket, int statusCode, String reason) {
            open.decrementAndGet();
            return null;
        }
    }
}
