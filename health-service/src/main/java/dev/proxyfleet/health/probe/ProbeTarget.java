package dev.proxyfleet.health.probe;

import dev.proxyfleet.contracts.Protocol;
import dev.proxyfleet.contracts.ProxyData;
import dev.proxyfleet.crypto.CredentialBinding;
import dev.proxyfleet.crypto.CredentialCipher;
import dev.proxyfleet.crypto.EncryptedSecret;
import java.util.Objects;

/**
 * A proxy as the prober needs it. The password stays encrypted here and is decrypted only for the probe.
 *
 * @param passwordCiphertext null when the proxy has no password
 * @param providerId the proxy's provider, whose outage its failures count towards (null: none)
 */
public record ProbeTarget(long id, Protocol protocol, String host, int port, String username,
        String passwordCiphertext, String keyId, Long providerId) {

    public static ProbeTarget of(ProxyData proxy) {
        return new ProbeTarget(proxy.id(), proxy.protocol(), proxy.host(), proxy.port(), proxy.username(),
                proxy.passwordCiphertext(), proxy.keyId(), proxy.providerId());
    }

    /**
     * Whether {@code other} is reached the same way: protocol, host, port and username (a residential provider's
     * username often chooses the exit). The password's ciphertext is not compared, as each encryption differs.
     */
    public boolean sameEndpoint(ProbeTarget other) {
        return protocol == other.protocol && host.equals(other.host) && port == other.port
                && Objects.equals(username, other.username);
    }

    /**
     * The password, decrypted for this proxy's id and endpoint (null when it has none).
     *
     * @throws IllegalStateException when the ciphertext was made for another proxy or endpoint, is not bound to its
     *         proxy, or its key is not configured
     */
    public String password(CredentialCipher cipher) {
        return passwordCiphertext == null ? null
                : cipher.decrypt(new EncryptedSecret(passwordCiphertext, keyId), new CredentialBinding(id, host, port));
    }
}
