package dev.proxyfleet.health.schedule;

import dev.proxyfleet.health.state.HealthRecorder;
import dev.proxyfleet.health.state.ProxyHealth;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * Records finished probes one batch at a time, without blocking a thread, and at most one batch per
 * {@value #SPACING_MS} ms: while one batch is written, and until that time has passed since it started, the next one
 * gathers. A batch costs a constant number of statements and one commit whatever its size (see
 * {@link HealthRecorder}), and a write takes about a millisecond, so without the spacing a busy instance would still
 * write one probe per batch and spend most of its CPU per batch. With it, an instance probing less often than that
 * writes each probe at once, a busy one about rate × {@value #SPACING_MS} ms of probes per batch (33 at 10,000
 * proxies every 30 s); a proxy's next probe comes at most that much later. Each prober hears its proxy's new health,
 * or {@link ProxyHealth#UNKNOWN} when the batch could not be written.
 *
 * @param <T> who probed, told the new health
 */
final class ProbeRecording<T> {

    /** A finished probe waiting to be recorded. */
    private record Recording<T>(T prober, HealthRecorder.Probe probe) {
    }

    private static final int RECORD_BATCH = 500;
    private static final long SPACING_MS = 100;

    private final Vertx vertx;
    private final Function<List<HealthRecorder.Probe>, Uni<List<ProxyHealth>>> write;
    private final BiConsumer<T, ProxyHealth> recorded;
    private final Queue<Recording<T>> toRecord = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean recording = new AtomicBoolean();
    /** When the last batch started to be written (ms, monotonic clock); written while recording only. */
    private volatile long lastWriteMs = nowMs() - SPACING_MS;

    /** @param write records a batch and answers each proxy's new health, in order ({@link HealthRecorder#recordProbes}) */
    ProbeRecording(Vertx vertx, Function<List<HealthRecorder.Probe>, Uni<List<ProxyHealth>>> write,
            BiConsumer<T, ProxyHealth> recorded) {
        this.vertx = vertx;
        this.write = write;
        this.recorded = recorded;
    }

    void add(T prober, HealthRecorder.Probe probe) {
        toRecord.add(new Recording<>(prober, probe));
        record();
    }

    private void record() {
        if (toRecord.isEmpty() || !recording.compareAndSet(false, true)) {
            return;
        }
        long waitMs = lastWriteMs + SPACING_MS - nowMs();
        if (waitMs > 0) {
            vertx.setTimer(waitMs, t -> write());
        } else {
            write();
        }
    }

    private void write() {
        lastWriteMs = nowMs();
        List<Recording<T>> batch = new ArrayList<>();
        // Checks the size before polling: a probe polled beyond a full batch would be lost, and its proxy never probed again.
        for (Recording<T> next; batch.size() < RECORD_BATCH && (next = toRecord.poll()) != null; ) {
            batch.add(next);
        }
        Uni.createFrom().deferred(() -> write.apply(batch.stream().map(Recording::probe).toList())).subscribe().with(
                healths -> written(batch, healths),
                failure -> {
                    Log.warnf("Could not record %d probes: %s", batch.size(), failure.getMessage());
                    written(batch, null);
                });
    }

    /** @param healths the new health of each, or null when the batch could not be written */
    private void written(List<Recording<T>> batch, List<ProxyHealth> healths) {
        recording.set(false);
        for (int i = 0; i < batch.size(); i++) {
            recorded.accept(batch.get(i).prober(), healths == null ? ProxyHealth.UNKNOWN : healths.get(i));
        }
        record();
    }

    private static long nowMs() {
        return System.nanoTime() / 1_000_000;
    }
}
