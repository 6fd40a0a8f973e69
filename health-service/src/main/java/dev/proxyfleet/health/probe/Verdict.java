package dev.proxyfleet.health.probe;

import dev.proxyfleet.health.state.Outcome;

/** A probe result judged: up, slow or down, and why when down. */
public record Verdict(Outcome outcome, long latencyMs, String error) {
}
