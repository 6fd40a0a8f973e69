package dev.proxyfleet.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CredentialCipherTest {

    private static final String OLD = "old:" + key(1);
    private static final String NEW = "new:" + key(2);

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

    @Test
    void encryptsUnderThePrimaryKeyAndDecryptsBack() {
        CredentialCipher cipher = cipher("new", OLD, NEW);

        EncryptedSecret secret = cipher.encrypt("pw-secret-unit");

        assertThat(secret.keyId()).isEqualTo("new");
        assertThat(secret.ciphertext()).doesNotContain("pw-secret-unit");
        assertThat(cipher.decrypt(secret)).isEqualTo("pw-secret-unit");
    }

    @Test
    void usesAFreshIvForEveryEncryption() {
        CredentialCipher cipher = cipher(null, NEW);

        assertThat(cipher.encrypt("same").ciphertext()).isNotEqualTo(cipher.encrypt("same").ciphertext());
    }

    @Test
    void olderKeysStillDecryptAfterRotation() {
        EncryptedSecret underOld = cipher(null, OLD).encrypt("pw-secret-rotate");

        assertThat(cipher("new", OLD, NEW).decrypt(underOld)).isEqualTo("pw-secret-rotate");
    }

    @Test
    void rejectsTamperedCiphertext() {
        CredentialCipher cipher = cipher(null, NEW);
        EncryptedSecret secret = cipher.encrypt("pw-secret-tamper");
        byte[] bytes = Base64.getDecoder().decode(secret.ciphertext());
        bytes[bytes.length - 1] ^= 1;

        assertThatThrownBy(() -> cipher.decrypt(new EncryptedSecret(Base64.getEncoder().encodeToString(bytes), "new")))
                .hasMessageContaining("cannot be decrypted");
    }

    @Test
    void refusesCiphertextUnderAnUnknownKey() {
        EncryptedSecret secret = cipher(null, OLD).encrypt("pw-secret-unknown");

        assertThatThrownBy(() -> cipher(null, NEW).decrypt(secret)).hasMessageContaining("'old' is not configured");
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
