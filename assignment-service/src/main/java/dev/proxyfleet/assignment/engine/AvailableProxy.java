package dev.proxyfleet.assignment.engine;

/** A proxy that could take an account of the asked model now. */
public record AvailableProxy(long id, int accounts, int maxAccounts, String modelId, String health, int priority, String location) {
}
