package dev.proxyfleet.bench;

import java.util.concurrent.atomic.AtomicLongArray;

/** Millisecond latencies from many threads, counted in 1 ms buckets up to a minute; percentiles from the counts. */
final class LatencyHistogram {

    private static final int MAX_MS = 60_000;
    private final AtomicLongArray buckets = new AtomicLongArray(MAX_MS + 1);

    void record(long nanos) {
        buckets.incrementAndGet((int) Math.min(MAX_MS, Math.max(0, nanos / 1_000_000)));
    }

    long count() {
        long count = 0;
        for (int i = 0; i <= MAX_MS; i++) {
            count += buckets.get(i);
        }
        return count;
    }

    /** The smallest latency in ms that {@code percent} % of the samples do not exceed; -1 without samples. */
    long percentile(double percent) {
        long wanted = (long) Math.ceil(count() * percent / 100);
        long seen = 0;
        for (int i = 0; i <= MAX_MS; i++) {
            seen += buckets.get(i);
            if (seen >= wanted && seen > 0) {
                return i;
            }
        }
        return -1;
    }
}
