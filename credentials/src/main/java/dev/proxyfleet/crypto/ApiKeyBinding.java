package dev.proxyfleet.crypto;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The API key a secret belongs to and the proxy the key is bound to: a key never moves to another proxy, so its
 * ciphertext copied into another key's event, or into an event that moves the key to another proxy, does not
 * decrypt. Not the proxy's endpoint: the proxy's URL handed out beside the key is checked by the proxy's own password
 * binding, and a key stays valid when its proxy's address changes.
 */
public record ApiKeyBinding(long keyId, long proxyId) implements SecretBinding {

    /** What this version of the format authenticates besides the secret; length-prefixed, so never ambiguous. */
    private static final byte[] CONTEXT = "proxy-fleet api key secret v2".getBytes(StandardCharsets.UTF_8);

    @Override
    public byte[] associatedData() {
        return ByteBuffer.allocate(4 + CONTEXT.length + 2 * Long.BYTES)
                .putInt(CONTEXT.length).put(CONTEXT)
                .putLong(keyId)
                .putLong(proxyId)
                .array();
    }

    @Override
    public String describe() {
        return "API key " + keyId + " of proxy " + proxyId;
    }
}
