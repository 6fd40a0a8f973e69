package dev.proxyfleet.health.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import dev.proxyfleet.health.state.HealthRecorder;
import dev.proxyfleet.health.state.ProxyHealth;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

class ProbeRecordingTest {

    @Test
    void everyProbeIsRecordedAndAnsweredWhenMoreThanAFullBatchGathersDuringAWrite() throws InterruptedException {
        Vertx vertx = Vertx.vertx();
        CountDownLatch firstWriteHeld = new CountDownLatch(1);
        CountDownLatch releaseFirstWrite = new CountDownLatch(1);
        Set<Integer> answered = ConcurrentHashMap.newKeySet();
        ProbeRecording<Integer> recording = new ProbeRecording<>(vertx, batch -> {
            firstWriteHeld.countDown();
            await(releaseFirstWrite);
            return Collections.nCopies(batch.size(), ProxyHealth.UNKNOWN);
        }, (prober, health) -> answered.add(prober));
        try {
            recording.add(0, probe());
            assertThat(firstWriteHeld.await(10, TimeUnit.SECONDS)).isTrue();
            // While the first batch is written, one full batch and one more gather.
            IntStream.rangeClosed(1, 501).forEach(i -> recording.add(i, probe()));
            releaseFirstWrite.countDown();

            Awaitility.await().atMost(Duration.ofSeconds(10))
                    .untilAsserted(() -> assertThat(answered).hasSize(502));
        } finally {
            vertx.close();
        }
    }

    private static HealthRecorder.Probe probe() {
        return new HealthRecorder.Probe(null, null);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
