package dev.proxyfleet.health.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ProbeSlotsTest {

    @Test
    void startsAtMostMaxAndTheRestInOrderAsSlotsAreReleased() {
        List<Integer> started = new ArrayList<>();
        ProbeSlots<Integer> slots = new ProbeSlots<>(3, started::add);

        IntStream.range(0, 6).forEach(slots::submit);
        assertThat(started).containsExactly(0, 1, 2);

        slots.release();
        slots.release();
        assertThat(started).containsExactly(0, 1, 2, 3, 4);
    }

    @Test
    void neverExceedsMaxAndStartsEverythingUnderConcurrency() throws InterruptedException {
        AtomicInteger running = new AtomicInteger();
        AtomicInteger peak = new AtomicInteger();
        ConcurrentLinkedQueue<Integer> done = new ConcurrentLinkedQueue<>();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch all = new CountDownLatch(10_000);
        AtomicReference<ProbeSlots<Integer>> slots = new AtomicReference<>();
        slots.set(new ProbeSlots<>(4, n -> {
            peak.accumulateAndGet(running.incrementAndGet(), Math::max);
            pool.execute(() -> {
                running.decrementAndGet();
                done.add(n);
                all.countDown();
                slots.get().release();
            });
        }));

        IntStream.range(0, 10_000).forEach(n -> pool.execute(() -> slots.get().submit(n)));

        assertThat(all.await(30, TimeUnit.SECONDS)).isTrue();
        pool.shutdown();
        assertThat(peak.get()).isBetween(1, 4);
        assertThat(done).hasSize(10_000).doesNotHaveDuplicates();
    }
}
