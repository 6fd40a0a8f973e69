package dev.proxyfleet.health.probe;

import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.WriteStream;
import java.nio.charset.StandardCharsets;

/**
 * Where a probe's response body goes: it keeps the first {@code max} bytes, drops the rest and says when there is more,
 * so a body of any length costs at most {@code max} bytes (plus the one chunk in hand).
 */
final class BodyPrefix implements WriteStream<Buffer> {

    private final int max;
    private final Runnable overflow;
    private final Buffer kept = Buffer.buffer();

    /** @param overflow runs when the body goes on beyond {@code max} bytes (maybe more than once) */
    BodyPrefix(int max, Runnable overflow) {
        this.max = max;
        this.overflow = overflow;
    }

    /** The bytes kept, as text. */
    String text() {
        return kept.toString(StandardCharsets.UTF_8);
    }

    @Override
    public Future<Void> write(Buffer data) {
        int room = max - kept.length();
        kept.appendBuffer(data, 0, Math.min(room, data.length()));
        if (data.length() > room) {
            overflow.run();
        }
        return Future.succeededFuture();
    }

    @Override
    public void write(Buffer data, Handler<AsyncResult<Void>> handler) {
        Future<Void> written = write(data);
        if (handler != null) {
            handler.handle(written);
        }
    }

    @Override
    public void end(Handler<AsyncResult<Void>> handler) {
        if (handler != null) {
            handler.handle(Future.succeededFuture());
        }
    }

    @Override
    public WriteStream<Buffer> exceptionHandler(Handler<Throwable> handler) {
        return this;
    }

    @Override
    public WriteStream<Buffer> setWriteQueueMaxSize(int maxSize) {
        return this;
    }

    /** Never full: whatever comes is kept or dropped at once. */
    @Override
    public boolean writeQueueFull() {
        return false;
    }

    @Override
    public WriteStream<Buffer> drainHandler(Handler<Void> handler) {
        return this;
    }
}
