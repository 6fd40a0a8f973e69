package dev.proxyfleet.system;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Proxies on 127.0.0.1 that misbehave as a proxy nobody controls may: whatever a client sends them (an HTTP request or
 * a SOCKS5 greeting), they answer in one of the {@link Kind}s. They connect nowhere.
 */
final class HostileProxies implements AutoCloseable {

    /** How a hostile proxy answers. */
    enum Kind {
        /** A 200 whose body never ends, as fast as the client reads. */
        ENDLESS_BODY,
        /** A plausible answer, one byte every half second: each read is soon, the whole never. */
        BYTE_DRIP,
        /** Accepts the connection and reads, but never answers. */
        NEVER_ANSWERING,
        /** Random bytes instead of a handshake, then closes. */
        GARBAGE_HANDSHAKE
    }

    private static final Buffer HEADER = Buffer.buffer("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\n");
    private static final Buffer CHUNK = Buffer.buffer("x".repeat(16 * 1024));
    private static final byte[] DRIP = "HTTP/1.1 200 OK\r\nContent-Length: 13\r\n\r\nproxyfleet-ok".getBytes(StandardCharsets.US_ASCII);

    private final Vertx vertx = Vertx.vertx();

    /** Opens a hostile proxy of this kind and answers its port. */
    int open(Kind kind) {
        try {
            NetServer server = vertx.createNetServer().connectHandler(socket -> {
                AtomicBoolean closed = new AtomicBoolean();
                socket.closeHandler(ignored -> closed.set(true));
                // the first bytes of the client, whatever they are, trigger the answer; later ones are ignored
                socket.handler(first -> {
                    socket.handler(ignored -> { });
                    answer(kind, socket, closed);
                });
            }).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            return server.actualPort();
        } catch (Exception e) {
            throw new IllegalStateException("cannot open a hostile proxy", e);
        }
    }

    private void answer(Kind kind, NetSocket socket, AtomicBoolean closed) {
        switch (kind) {
            case ENDLESS_BODY -> {
                socket.write(HEADER);
                pour(socket, closed);
            }
            case BYTE_DRIP -> drip(socket, closed, 0);
            case NEVER_ANSWERING -> { }
            case GARBAGE_HANDSHAKE -> {
                byte[] garbage = new byte[512];
                ThreadLocalRandom.current().nextBytes(garbage);
                socket.end(Buffer.buffer(garbage));
            }
        }
    }

    /** Writes as long as the client reads; the next chunk after a turn of the event loop, so a close is noticed. */
    private void pour(NetSocket socket, AtomicBoolean closed) {
        if (closed.get()) {
            return;
        }
        socket.write(CHUNK);
        if (socket.writeQueueFull()) {
            socket.drainHandler(ignored -> pour(socket, closed));
        } else {
            vertx.runOnContext(ignored -> pour(socket, closed));
        }
    }

    private void drip(NetSocket socket, AtomicBoolean closed, int next) {
        if (closed.get() || next == DRIP.length) {
            return;
        }
        socket.write(Buffer.buffer(new byte[] {DRIP[next]}));
        vertx.setTimer(500, ignored -> drip(socket, closed, next + 1));
    }

    @Override
    public void close() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
