package dev.proxyfleet.status.push;

import dev.proxyfleet.status.model.ProxyView;
import io.quarkus.logging.Log;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.WebSocketConnection;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One browser on {@code /ws/status}: the view it gets, and the messages and bytes it has not yet taken off the wire.
 * Counting messages alone would let a stuck client hold 32 large deltas; bytes bound what it costs.
 */
final class Subscriber {

    /** Policy violation: the client does not read what it asked for. */
    private static final CloseReason TOO_SLOW = new CloseReason(1008, "too slow: too much not taken off the wire");

    private final WebSocketConnection connection;
    private final ProxyView view;
    private final AtomicInteger unsent = new AtomicInteger();
    private final AtomicLong unsentBytes = new AtomicLong();
    /** What it may have queued: {@code max-unsent-bytes} plus its snapshot, which may be larger on its own. */
    private long allowedBytes = -1;

    Subscriber(WebSocketConnection connection, ProxyView view) {
        this.connection = connection;
        this.view = view;
    }

    ProxyView view() {
        return view;
    }

    /**
     * Queues a message without waiting for it; the first one (the snapshot) always goes.
     *
     * @return false when the client already has too many messages or bytes queued: it is too slow and was closed
     */
    boolean send(PushText message, PushConfig config) {
        if (allowedBytes < 0) {
            allowedBytes = config.maxUnsentBytes().asLongValue() + message.bytes();
        } else if (unsent.get() >= config.maxUnsent() || unsentBytes.get() + message.bytes() > allowedBytes) {
            Log.warnf("Closing WebSocket %s: %d messages, %d bytes not taken", connection.id(), unsent.get(),
                    unsentBytes.get());
            connection.close(TOO_SLOW).subscribe().with(ok -> { }, failure -> { });
            return false;
        }
        unsent.incrementAndGet();
        unsentBytes.addAndGet(message.bytes());
        connection.sendText(message.text()).subscribe().with(ok -> taken(message), failure -> taken(message));
        return true;
    }

    private void taken(PushText message) {
        unsent.decrementAndGet();
        unsentBytes.addAndGet(-message.bytes());
    }
}
