package dev.proxyfleet.status.push;

import io.quarkus.websockets.next.OnClose;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;

/** {@code /ws/status}: a snapshot on connect, then coalesced deltas (see {@link PushHub}). Clients only listen. */
@WebSocket(path = "/ws/status")
public class StatusSocket {

    private final PushHub hub;

    public StatusSocket(PushHub hub) {
        this.hub = hub;
    }

    /** On a worker thread: rendering the snapshot of a large fleet must not hold up an event loop. */
    @OnOpen
    void open(WebSocketConnection connection) {
        hub.open(connection);
    }

    @OnClose
    void close(WebSocketConnection connection) {
        hub.close(connection);
    }
}
