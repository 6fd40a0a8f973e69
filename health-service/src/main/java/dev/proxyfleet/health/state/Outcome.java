package dev.proxyfleet.health.state;

/** What one probe or one reported use says about a proxy, with its mark in the result window. */
public enum Outcome {
    /** Worked: a 2xx within the degraded-latency bound. */
    UP('+'),
    /** Worked, but slower than the degraded-latency bound, or the target answered 4xx. */
    DEGRADED('~'),
    /** Did not work. */
    DOWN('-');

    private final char mark;

    Outcome(char mark) {
        this.mark = mark;
    }

    public char mark() {
        return mark;
    }
}
