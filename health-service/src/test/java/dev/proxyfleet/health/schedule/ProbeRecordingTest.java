package dev.proxyfleet.health.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import dev.proxyfleet.health.state.HealthRecorder;
import dev.proxyfleet.health.state.ProxyHealth;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ProbeRecordingTest {

    private final Vertx vertx = Vertx.vertx();

    @AfterEach
    void closeVertx() {
        vertx.close();
    }

    @Test
    void everyProbeIsRecordedAndAnsweredWhenMoreThanAFullBatchGathersDuringAWrite() throws InterruptedException {
        CountDownLatch firstWriteHeld = new CountDownLatch(1);
        CompletableFuture<Void> releaseFirstWrite = new CompletableFuture<>();
        Set<Integer> answered = ConcurrentHashMap.newKeySet();
        ProbeRecording<Integer> recording = new ProbeRecording<>(vertx, batch -> {
            firstWriteHeld.countDown();
            return Uni.createFrom().completionStage(releaseFirstWrite)
                    .replaceWith(Collections.nCopies(batch.size(), ProxyHealth.UNKNOWN));
        }, (prober, health) -> answered.add(prober));

        recording.add(0, probe());
        assertThat(firstWriteHeld.await(10, TimeUnit.SECONDS)).isTrue();
        // While the first batch is written, one full batch and one more gather.
        IntStream.rangeClosed(1, 501).forEach(i -> recording.add(i, probe()));
        releaseFirstWrite.complete(null);

        Awaitility.await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(answered).hasSize(502));
    }

    @Test
    void aProbeAfterAQuietSpellIsWrittenAtOnceAndProbesFinishingSoonAfterGatherIntoOneBatch() {
        List<Integer> batches = new CopyOnWriteArrayList<>();
        Set<Integer> answered = ConcurrentHashMap.newKeySet();
        ProbeRecording<Integer> recording = new ProbeRecording<>(vertx, batch -> {
            batches.add(batch.size());
            return Uni.createFrom().item(Collections.nCopies(batch.size(), ProxyHealth.UNKNOWN));
        }, (prober, health) -> answered.add(prober));

        recording.add(0, probe());
        assertThat(batches).containsExactly(1);
        // The first write is done; these come within the spacing after it started.
        IntStream.rangeClosed(1, 20).forEach(i -> recording.add(i, probe()));

        Awaitility.await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(answered).hasSize(21));
        assertThat(batches).containsExactly(1, 20);
    }

    private static HealthRecorder.Probe probe() {
        return new HealthRecorder.Probe(null, null, null);
    }
}
