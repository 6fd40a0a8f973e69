package dev.proxyfleet.health.probe;

import dev.proxyfleet.contracts.Protocol;
import dev.proxyfleet.contracts.ProxyData;

/**
 * A proxy as the prober needs it. The password stays encrypted here and is decrypted only for the probe.
 *
 * @param passwordCiphertext null when the proxy has no password
 */
public record ProbeTarget(long id, Protocol protocol, String host, int port, String username,
        String passwordCiphertext, String keyId) {

    public static ProbeTarget of(ProxyData proxy) {
        return new ProbeTarget(proxy.id(), proxy.protocol(), proxy.host(), proxy.port(), proxy.username(),
                proxy.passwordCiphertext(), proxy.keyId());
    }
}
