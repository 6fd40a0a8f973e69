package dev.proxyfleet.status.rest;

/** Accounts of one model: on how many proxies, how many assigned and how many waiting for capacity. */
public record ModelStats(String modelId, int proxies, int accounts, int pending) {
}
