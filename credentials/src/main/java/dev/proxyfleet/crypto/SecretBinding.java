package dev.proxyfleet.crypto;

/**
 * What a ciphertext is sealed for, as AES-GCM's associated data: it decrypts only for the same binding. Each kind of
 * secret has its own context string, so a ciphertext of one kind never opens as another.
 */
public sealed interface SecretBinding permits CredentialBinding, ApiKeyBinding {

    /** The AES-GCM associated data. */
    byte[] associatedData();

    /** The secret's owner in words, for errors and logs; never the secret. */
    String describe();
}
