package dev.proxyfleet.crypto;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The proxy a password belongs to, as its ciphertext is sealed for: the proxy's id and the endpoint its password may
 * be sent to. A ciphertext decrypts only for the same three, so one copied into another proxy's event, or into an
 * event that points its own proxy at another host, is refused. {@code host} as inventory-service stores it (lower
 * case, IPv6 without brackets): the events carry it so.
 */
public record CredentialBinding(long proxyId, String host, int port) implements SecretBinding {

    /** What this version of the format authenticates besides the password; length-prefixed, so never ambiguous. */
    private static final byte[] CONTEXT = "proxy-fleet proxy password v2".getBytes(StandardCharsets.UTF_8);

    @Override
    public byte[] associatedData() {
        byte[] hostBytes = host.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(4 + CONTEXT.length + Long.BYTES + 4 + hostBytes.length + Integer.BYTES)
                .putInt(CONTEXT.length).put(CONTEXT)
                .putLong(proxyId)
                .putInt(hostBytes.length).put(hostBytes)
                .putInt(port)
                .array();
    }

    @Override
    public String describe() {
        return "proxy " + proxyId + " at " + host + ":" + port;
    }
}
