package dev.proxyfleet.health.schedule;

import dev.proxyfleet.health.state.HealthRecorder;
import dev.proxyfleet.health.state.ProxyHealth;
import io.quarkus.logging.Log;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * Records finished probes one batch at a time on a worker thread: while one batch is written, the next one gathers, so
 * a busy instance writes large batches and an idle one writes at once. Each prober hears its proxy's new health, or
 * {@link ProxyHealth#UNKNOWN} when the batch could not be written.
 *
 * @param <T> who probed, told the new health
 */
final class ProbeRecording<T> {

    /** A finished probe waiting to be recorded. */
    private record Recording<T>(T prober, HealthRecorder.Probe probe) {
    }

    private static final int RECORD_BATCH = 500;

    private final Vertx vertx;
    private final Function<List<HealthRecorder.Probe>, List<ProxyHealth>> write;
    private final BiConsumer<T, ProxyHealth> recorded;
    private final Queue<Recording<T>> toRecord = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean recording = new AtomicBoolean();

    /** @param write records a batch and answers each proxy's new health, in order ({@link HealthRecorder#recordProbes}) */
    ProbeRecording(Vertx vertx, Function<List<HealthRecorder.Probe>, List<ProxyHealth>> write,
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
        List<Recording<T>> batch = new ArrayList<>();
        // Checks the size before polling: a probe polled beyond a full batch would be lost, and its proxy never probed again.
        for (Recording<T> next; batch.size() < RECORD_BATCH && (next = toRecord.poll()) != null; ) {
            batch.add(next);
        }
        vertx.executeBlocking(() -> write.apply(batch.stream().map(Recording::probe).toList()), false)
                .onComplete(written -> {
                    recording.set(false);
                    if (written.failed()) {
                        Log.warnf("Could not record %d probes: %s", batch.size(), written.cause().getMessage());
                    }
                    for (int i = 0; i < batch.size(); i++) {
                        recorded.accept(batch.get(i).prober(), written.succeeded() ? written.result().get(i) : ProxyHealth.UNKNOWN);
                    }
                    record();
                });
    }
}
