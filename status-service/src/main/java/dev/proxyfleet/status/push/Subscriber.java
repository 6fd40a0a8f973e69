package dev.proxyfleet.status.push;

import io.quarkus.logging.Log;
import io.quarkus.websockets.next.WebSocketConnection;
import java.util.concurrent.atomic.AtomicInteger;

/** One browser on {@code /ws/status}, with a count of the messages it has not yet taken off the wire. */
final class Subscriber {

    private final WebSocketConnection connection;
    private final AtomicInteger unsent = new AtomicInteger();

    Subscriber(WebSocketConnection connection) {
        this.connection = connection;
    }

    /**
     * Queues a message without waiting for it.
     *
     * @return false when the client already has {@code maxUnsent} messages queued: it is too slow and was closed
     */
    boolean send(String message, int maxUnsent) {
        if (unsent.get() >= maxUnsent) {
            Log.warnf("Closing WebSocket %s: %d messages not taken", connection.id(), unsent.get());
            connection.close().subscribe().with(ok -> { }, failure -> { });
            return false;
        }
        unsent.incrementAndGet();
        connection.sendText(message).subscribe().with(ok -> unsent.decrementAndGet(), failure -> unsent.decrementAndGet());
        return true;
    }
}
