package dev.proxyfleet.crypto;

/** A ciphertext (base64 of IV and AES-GCM output) with the id of the key that made it. */
public record EncryptedSecret(String ciphertext, String keyId) {
}
