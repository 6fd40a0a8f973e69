package dev.proxyfleet.status.push;

import io.quarkus.websockets.next.OnClose;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.common.annotation.NonBlocking;

/** {@code /ws/status}: a snapshot on connect, then coalesced deltas (see {@link PushHub}). Clients only listen. */
@WebSocket(path = "/ws/status")
public class StatusSocket {

    private final PushHub hub;

    public StatusSocket(PushHub hub) {
        this.hub = hub;
    }

    /**
     * On the connection's event loop: the snapshot is then written in order with the connection's own frames
     * (from a worker thread, a few clients in a thousand saw interleaved frames).
     */
    @OnOpen
    @NonBlocking
    void open(WebSocketConnection connection) {
        hub.open(connection);
    }

    @OnClose
    @NonBlocking
    void close(WebSocketConnection connection) {
        hub.close(connection);
    }
}
