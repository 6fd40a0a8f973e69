package dev.proxyfleet.health.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import dev.proxyfleet.health.state.HealthRecorder;
import dev.proxyfleet.health.state.ProxyHealth;
import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.util.Collections;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

class ProbeRecordingTest {

    @Test
    void everyProbeIsRecordedAndAnsweredWhenMoreThanAFullBatchGathersDuringAWrite() throws InterruptedException {
        CountDownLatch firstWriteHeld = new CountDownLatch(1);
        CompletableFuture<Void> releaseFirstWrite = new CompletableFuture<>();
        Set<Integer> answered = ConcurrentHashMap.newKeySet();
        ProbeRecording<Integer> recording = new ProbeRecording<>(batch -> {
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

    private static HealthRecorder.Probe probe() {
        return new HealthRecorder.Probe(null, null);
    }
}
