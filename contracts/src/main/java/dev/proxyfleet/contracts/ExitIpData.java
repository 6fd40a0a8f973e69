package dev.proxyfleet.contracts;

import static dev.proxyfleet.contracts.EventData.ipLiteral;
import static dev.proxyfleet.contracts.EventData.required;

import java.time.Instant;

/**
 * {@code proxy.exit-ip-changed}: health-service's exit-IP check saw a proxy leave through another address than the
 * last one it read, or read the first one. For the upstream the address is the proxy: assignment-service holds the
 * one-model rule (and the operator's limit) per address, and records the change for the accounts the proxy holds.
 *
 * @param previousExitIp the address read before (null: this is the first one read)
 * @param exitIp the address read now
 * @param at when the check read it
 */
public record ExitIpData(Long proxyId, String previousExitIp, String exitIp, Instant at) implements EventData {

    public ExitIpData {
        required(proxyId, "proxyId");
        ipLiteral(previousExitIp, "previousExitIp");
        ipLiteral(required(exitIp, "exitIp"), "exitIp");
        required(at, "at");
    }

    @Override
    public String key() {
        return proxyId.toString();
    }
}
