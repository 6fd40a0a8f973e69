package dev.proxyfleet.health.state;

/** Where a result in the health log came from. */
public enum ResultSource {
    /** A probe through the proxy by this service. */
    PROBE,
    /** A client's report on {@code proxy-usage}. */
    USAGE
}
