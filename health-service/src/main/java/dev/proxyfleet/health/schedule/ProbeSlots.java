package dev.proxyfleet.health.schedule;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * At most {@code max} probes in flight: a due probe starts at once when a slot is free, otherwise it waits its turn
 * (first come, first served) until one is released. Safe from any thread, lock-free.
 */
final class ProbeSlots<T> {

    private final int max;
    private final Consumer<T> start;
    private final Queue<T> waiting = new ConcurrentLinkedQueue<>();
    private final AtomicInteger busy = new AtomicInteger();

    /** @param start begins one probe; whoever it hands the slot to must {@link #release()} it when done */
    ProbeSlots(int max, Consumer<T> start) {
        this.max = max;
        this.start = start;
    }

    void submit(T due) {
        waiting.add(due);
        drain();
    }

    /** Frees the slot of a finished probe and passes it on to a waiting one. */
    void release() {
        busy.decrementAndGet();
        drain();
    }

    private void drain() {
        while (true) {
            int taken = busy.get();
            if (taken >= max) {
                return;
            }
            if (busy.compareAndSet(taken, taken + 1)) {
                T next = waiting.poll();
                if (next != null) {
                    start.accept(next);
                } else {
                    busy.decrementAndGet();
                    if (waiting.isEmpty()) {
                        return;
                    }
                }
            }
        }
    }
}
