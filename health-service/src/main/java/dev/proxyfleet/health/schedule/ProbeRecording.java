package dev.proxyfleet.health.schedule;

import dev.proxyfleet.health.state.HealthRecorder;
import dev.proxyfleet.health.state.ProxyHealth;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * Records finished probes one batch at a time, without blocking a thread: while one batch is written, the next one
 * gathers, so a busy instance writes large batches (a constant number of statements each, see {@link HealthRecorder})
 * and an idle one writes at once. Each prober hears its proxy's new health, or {@link ProxyHealth#UNKNOWN} when the
 * batch could not be written.
 *
 * @param <T> who probed, told the new health
 */
final class ProbeRecording<T> {

    /** A finished probe waiting to be recorded. */
    private record Recording<T>(T prober, HealthRecorder.Probe probe) {
    }

    private static final int RECORD_BATCH = 500;

    private final Function<List<HealthRecorder.Probe>, Uni<List<ProxyHealth>>> write;
    private final BiConsumer<T, ProxyHealth> recorded;
    private final Queue<Recording<T>> toRecord = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean recording = new AtomicBoolean();

    /** @param write records a batch and answers each proxy's new health, in order ({@link HealthRecorder#recordProbes}) */
    ProbeRecording(Function<List<HealthRecorder.Probe>, Uni<List<ProxyHealth>>> write,
            BiConsumer<T, ProxyHealth> recorded) {
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
}
