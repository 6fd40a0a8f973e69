package dev.proxyfleet.health.rest;

import java.time.Instant;

/** One result in a proxy's health log: a probe or a reported use, and the health after it. */
public record LogEntry(Instant at, String source, String state, Long latencyMs, int score, String error) {
}
