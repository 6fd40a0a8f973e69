package dev.proxyfleet.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class CredentialCipherTest {

    private static final String OLD = "old:" + key(1);
    private static final String NEW = "new:" + key(2);
    private static final CredentialBinding PROXY = new CredentialBinding(7, "10.0.0.7", 3128);

    private static String key(int seed) {
        byte[] bytes = new byte[32];
        java.util.Arrays.fill(bytes, (byte) seed);
        return Base64.getEncoder().encodeToString(bytes);
    }

    private static CredentialCipher cipher(String primary, String... keys) {
        return new CredentialCipher(new CryptoConfig() {
            @Override
            public Optional<List<String>> keys() {
                return keys.length == 0 ? Optional.empty() : Optional.of(List.of(keys));
            }

            @Override
            public Optional<String> primaryKeyId() {
                return Optional.ofNullable(primary);
            }
        });
    }

    /** A ciphertext as versions before binding made them: base64 of IV and AES-GCM output, no associated data. */
    private static EncryptedSecret unbound(String plaintext, int keySeed, String keyId) throws Exception {
        byte[] iv = new byte[12];
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(Base64.getDecoder().decode(key(keySeed)), "AES"),
                new GCMParameterSpec(128, iv));
        byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
        return new EncryptedSecret(Base64.getEncoder().encodeToString(
                ByteBuffer.allocate(iv.length + sealed.length).put(iv).put(sealed).array()), keyId);
    }

    @Test
    void encryptsUnderThePrimaryKeyAndDecryptsBackForItsProxy() {
        CredentialCipher cipher = cipher("new", OLD, NEW);

        EncryptedSecret secret = cipher.encrypt("pw-secret-unit", PROXY);

        assertThat(secret.keyId()).isEqualTo("new");
        assertThat(secret.ciphertext()).startsWith(CredentialCipher.BOUND_PREFIX).doesNotContain("pw-secret-unit");
        assertThat(cipher.decrypt(secret, PROXY)).isEqualTo("pw-secret-unit");
    }

    @Test
    void ciphertextCopiedToAnotherProxyDoesNotDecrypt() {
        CredentialCipher cipher = cipher(null, NEW);
        EncryptedSecret secret = cipher.encrypt("pw-secret-copied", PROXY);

        assertThatThrownBy(() -> cipher.decrypt(secret, new CredentialBinding(8, PROXY.host(), PROXY.port())))
                .hasMessageContaining("cannot be decrypted for proxy 8").hasMessageNotContaining("pw-secret");
    }

    @Test
    void ciphertextOfAProxyPointedElsewhereDoesNotDecrypt() {
        CredentialCipher cipher = cipher(null, NEW);
        EncryptedSecret secret = cipher.encrypt("pw-secret-redirected", PROXY);

        assertThatThrownBy(() -> cipher.decrypt(secret, new CredentialBinding(7, "attacker.example", PROXY.port())))
                .hasMessageContaining("cannot be decrypted");
        assertThatThrownBy(() -> cipher.decrypt(secret, new CredentialBinding(7, PROXY.host(), 8080)))
                .hasMessageContaining("cannot be decrypted");
    }

    @Test
    void apiKeySecretDecryptsOnlyForItsKeyOnItsProxy() {
        CredentialCipher cipher = cipher(null, NEW);
        EncryptedSecret secret = cipher.encrypt("pw-secret-api-key", new ApiKeyBinding(3, 7));

        assertThat(cipher.decrypt(secret, new ApiKeyBinding(3, 7))).isEqualTo("pw-secret-api-key");
        assertThatThrownBy(() -> cipher.decrypt(secret, new ApiKeyBinding(4, 7)))
                .hasMessageContaining("cannot be decrypted for API key 4 of proxy 7").hasMessageNotContaining("pw-secret");
        assertThatThrownBy(() -> cipher.decrypt(secret, new ApiKeyBinding(3, 8))).hasMessageContaining("cannot be decrypted");
        // the kinds of secret have contexts of their own: a proxy 3's password never opens as key 3's secret, or back
        assertThatThrownBy(() -> cipher.decrypt(cipher.encrypt("pw-secret-x", PROXY), new ApiKeyBinding(7, 7)))
                .hasMessageContaining("cannot be decrypted");
    }

    @Test
    void unboundCiphertextIsNeverDecryptedForUseButReEncryptedBound() throws Exception {
        CredentialCipher cipher = cipher("new", OLD, NEW);
        EncryptedSecret legacy = unbound("pw-secret-legacy", 1, "old");

        assertThatThrownBy(() -> cipher.decrypt(legacy, PROXY)).hasMessageContaining("not bound to its proxy");

        EncryptedSecret bound = cipher.reEncrypt(legacy, PROXY, PROXY);
        assertThat(bound.keyId()).isEqualTo("new");
        assertThat(cipher.decrypt(bound, PROXY)).isEqualTo("pw-secret-legacy");
    }

    @Test
    void reEncryptionMovesASecretToThePrimaryKeyAndToANewEndpoint() {
        EncryptedSecret underOld = cipher(null, OLD).encrypt("pw-secret-moved", PROXY);
        CredentialBinding moved = new CredentialBinding(7, "10.0.0.8", 1080);
        CredentialCipher cipher = cipher("new", OLD, NEW);

        EncryptedSecret fresh = cipher.reEncrypt(underOld, PROXY, moved);

        assertThat(fresh.keyId()).isEqualTo("new");
        assertThat(cipher.decrypt(fresh, moved)).isEqualTo("pw-secret-moved");
        assertThatThrownBy(() -> cipher.decrypt(fresh, PROXY)).hasMessageContaining("cannot be decrypted");
        assertThatThrownBy(() -> cipher.reEncrypt(underOld, moved, moved)).hasMessageContaining("cannot be decrypted");
    }

    @Test
    void usesAFreshIvForEveryEncryption() {
        CredentialCipher cipher = cipher(null, NEW);

        assertThat(cipher.encrypt("same", PROXY).ciphertext()).isNotEqualTo(cipher.encrypt("same", PROXY).ciphertext());
    }

    @Test
    void olderKeysStillDecryptAfterRotation() {
        EncryptedSecret underOld = cipher(null, OLD).encrypt("pw-secret-rotate", PROXY);

        assertThat(cipher("new", OLD, NEW).decrypt(underOld, PROXY)).isEqualTo("pw-secret-rotate");
    }

    @Test
    void rejectsTamperedCiphertext() {
        CredentialCipher cipher = cipher(null, NEW);
        EncryptedSecret secret = cipher.encrypt("pw-secret-tamper", PROXY);
        byte[] bytes = Base64.getDecoder().decode(secret.ciphertext().substring(CredentialCipher.BOUND_PREFIX.length()));
        bytes[bytes.length - 1] ^= 1;
        EncryptedSecret tampered = new EncryptedSecret(
                CredentialCipher.BOUND_PREFIX + Base64.getEncoder().encodeToString(bytes), "new");

        assertThatThrownBy(() -> cipher.decrypt(tampered, PROXY)).hasMessageContaining("cannot be decrypted");
        assertThatThrownBy(() -> cipher.decrypt(new EncryptedSecret(CredentialCipher.BOUND_PREFIX + "not base64!", "new"),
                PROXY)).hasMessageContaining("cannot be decrypted");
    }

    @Test
    void refusesCiphertextUnderAnUnknownKey() {
        EncryptedSecret secret = cipher(null, OLD).encrypt("pw-secret-unknown", PROXY);

        assertThatThrownBy(() -> cipher(null, NEW).decrypt(secret, PROXY)).hasMessageContaining("'old' is not configured");
    }

    @Test
    void productionRefusesToStartWithoutAKey() {
        assertThatThrownBy(() -> cipher(null)).hasMessageContaining("No credential encryption key is configured");
    }

    @Test
    void rejectsMalformedKeyConfiguration() {
        assertThatThrownBy(() -> cipher(null, "short:" + Base64.getEncoder().encodeToString(new byte[16])))
                .hasMessageContaining("must be 32 bytes");
        assertThatThrownBy(() -> cipher(null, "nokey")).hasMessageContaining("'id:base64'");
        assertThatThrownBy(() -> cipher(null, OLD, NEW)).hasMessageContaining("primary-key-id must name one");
        assertThatThrownBy(() -> cipher("other", NEW)).hasMessageContaining("'other' is not among");
    }
}
