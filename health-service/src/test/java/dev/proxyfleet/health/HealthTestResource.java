package dev.proxyfleet.health;

import dev.proxyfleet.health.probe.RefusedAddressTest;
import dev.proxyfleet.localinfra.FleetTestResource;
import java.util.HashMap;
import java.util.Map;

/**
 * The test JVM's Kafka and PostgreSQL, plus the local target sites scheduled probes fetch: plain HTTP, and TLS with a
 * self-signed certificate that the trust file holds, whose {@code /ip} is also the exit-IP target (reached through a
 * CONNECT tunnel to the probes' TLS target, so an HTTPS proxy still sees nothing but that tunnel);
 * {@value RefusedAddressTest#REFUSED} is a refused proxy address.
 */
public class HealthTestResource extends FleetTestResource {

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new HashMap<>(super.start());
        config.put("health.target-url", TargetServer.url("/ok"));
        config.put("health.tls-target-url", TargetServer.url(TargetServer.Tls.TRUSTED, "/ok"));
        config.put("health.target-trust-pem", TargetServer.trustPem().toString());
        config.put("health.exit-ip-url", TargetServer.url(TargetServer.Tls.TRUSTED, "/ip"));
        config.put("health.exit-ip-format", "json:ip");
        // A refused address on loopback, beside the built-in ones, so that tests try the refusal without a packet
        // leaving the machine however they fail.
        config.put("fleet.proxy-addresses.deny", RefusedAddressTest.REFUSED);
        return config;
    }
}
