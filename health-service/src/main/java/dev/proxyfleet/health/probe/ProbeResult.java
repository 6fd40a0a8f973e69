package dev.proxyfleet.health.probe;

/**
 * What came back from one request through a proxy.
 *
 * @param status the HTTP status, or null when no response arrived
 * @param body the response body (null without a response)
 * @param error why no response arrived: short, without credentials
 */
public record ProbeResult(Integer status, String body, long latencyMs, String error) {

    public static ProbeResult failed(long latencyMs, String error) {
        return new ProbeResult(null, null, latencyMs, error);
    }
}
