package dev.proxyfleet.health.state;

/** What one probe or one reported use says about a proxy, with its mark in the result window. */
public enum Outcome {
    /** Worked within the degraded-latency bound. */
    UP('+'),
    /** Worked, but slower than the degraded-latency bound. */
    SLOW('~'),
    /** Did not work. */
    DOWN('-');

    private final char mark;

    Outcome(char mark) {
        this.mark = mark;
    }

    public char mark() {
        return mark;
    }

    /** The score points of a mark: a slow success counts half. */
    static int points(char mark) {
        return mark == UP.mark ? 2 : mark == SLOW.mark ? 1 : 0;
    }
}
