package dev.proxyfleet.crypto;

/**
 * A ciphertext ({@value CredentialCipher#BOUND_PREFIX}, then the base64 of IV and AES-GCM output; only the base64 in
 * ciphertexts stored before they were bound to their proxy) with the id of the key that made it.
 */
public record EncryptedSecret(String ciphertext, String keyId) {
}
