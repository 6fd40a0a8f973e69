package dev.proxyfleet.status.push;

import dev.proxyfleet.status.rest.CallerView;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.websockets.next.OnClose;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;

/**
 * {@code /ws/status}: a snapshot on connect, then coalesced deltas (see {@link PushHub}). Clients only listen.
 * Browsers cannot set headers on a WebSocket, so a token comes as the sub-protocol
 * {@code quarkus-http-upgrade#Authorization#Bearer%20<token>} next to {@code bearer-token-carrier}; Quarkus turns it
 * into the upgrade request's {@code Authorization} header (not the URL, which access logs record). The caller's role
 * picks the view ({@link CallerView}); without a token the socket gets the public view.
 */
@WebSocket(path = "/ws/status")
public class StatusSocket {

    private final PushHub hub;
    private final CallerView views;
    private final SecurityIdentity caller;

    public StatusSocket(PushHub hub, CallerView views, SecurityIdentity caller) {
        this.hub = hub;
        this.views = views;
        this.caller = caller;
    }

    /** On a worker thread: rendering the snapshot of a large fleet must not hold up an event loop. */
    @OnOpen
    void open(WebSocketConnection connection) {
        hub.open(connection, views.of(caller));
    }

    @OnClose
    void close(WebSocketConnection connection) {
        hub.close(connection);
    }
}
