package dev.proxyfleet.crypto;

import io.quarkus.logging.Log;
import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-256-GCM encryption of proxy passwords and API key secrets. Each ciphertext names its key, so keys rotate: the
 * primary key encrypts, every configured key decrypts. Production refuses to start without a configured key; dev and
 * test mode generate a throw-away one.
 *
 * <p>Each ciphertext is bound to its owner ({@link SecretBinding}, the associated data of AES-GCM): a password to its
 * proxy's id and endpoint, an API key's secret to the key and its proxy. Whoever can write to the broker cannot copy it
 * into an event of another proxy or key, or point its proxy at another host, and have it decrypted there. Bound
 * ciphertexts carry the prefix {@value #BOUND_PREFIX}; the unbound ones of earlier versions (plain base64) are only
 * ever read to be re-encrypted ({@link #reEncrypt}), never decrypted for use.
 */
@Startup
@ApplicationScoped
public class CredentialCipher {

    private static final String TRANSFORMATION = "AES/GCM/NoPadding";
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final int KEY_BYTES = 32;

    /**
     * How a bound ciphertext begins; the unbound format is plain base64, which never holds a colon. inventory-service's
     * re-encryption looks for ciphertexts without it.
     */
    public static final String BOUND_PREFIX = "v2:";

    private final SecureRandom random = new SecureRandom();
    private final Map<String, SecretKey> keys;
    private final String primaryKeyId;

    public CredentialCipher(CryptoConfig config) {
        this.keys = parseKeys(config.keys().orElse(List.of()));
        if (keys.isEmpty()) {
            if (LaunchMode.current() == LaunchMode.NORMAL) {
                throw new IllegalStateException("No credential encryption key is configured. Set fleet.crypto.keys "
                        + "(env FLEET_CRYPTO_KEYS) to 'id:base64' entries of 32-byte keys, e.g. 'k1:'$(openssl rand -base64 32), "
                        + "and fleet.crypto.primary-key-id (env FLEET_CRYPTO_PRIMARY_KEY_ID).");
            }
            byte[] generated = new byte[KEY_BYTES];
            random.nextBytes(generated);
            keys.put("generated", new SecretKeySpec(generated, "AES"));
            Log.warn("No credential encryption key configured: using a generated key that dies with this process");
        }
        this.primaryKeyId = config.primaryKeyId().orElseGet(() -> {
            if (keys.size() > 1) {
                throw new IllegalStateException("fleet.crypto.primary-key-id must name one of the configured keys " + keys.keySet());
            }
            return keys.keySet().iterator().next();
        });
        if (!keys.containsKey(primaryKeyId)) {
            throw new IllegalStateException("fleet.crypto.primary-key-id '" + primaryKeyId + "' is not among the configured keys " + keys.keySet());
        }
    }

    /** The id of the key new ciphertexts are made with. */
    public String primaryKeyId() {
        return primaryKeyId;
    }

    /** Encrypts under the primary key with a fresh random IV, for this binding only. */
    public EncryptedSecret encrypt(String plaintext, SecretBinding binding) {
        byte[] iv = new byte[IV_BYTES];
        random.nextBytes(iv);
        try {
            Cipher cipher = Cipher.getInstance(TRANSFORMATION);
            cipher.init(Cipher.ENCRYPT_MODE, keys.get(primaryKeyId), new GCMParameterSpec(TAG_BITS, iv));
            cipher.updateAAD(binding.associatedData());
            byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            byte[] out = ByteBuffer.allocate(IV_BYTES + sealed.length).put(iv).put(sealed).array();
            return new EncryptedSecret(BOUND_PREFIX + Base64.getEncoder().encodeToString(out), primaryKeyId);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM encryption failed", e);
        }
    }

    /**
     * Decrypts a secret for the binding it was encrypted for.
     *
     * @throws IllegalStateException when its key is not configured, it is not bound, or it was made for another
     *         binding (another proxy, endpoint or API key) or tampered with (AES-GCM cannot tell these apart)
     */
    public String decrypt(EncryptedSecret secret, SecretBinding binding) {
        if (!isBound(secret.ciphertext())) {
            throw new IllegalStateException("credential of " + binding.describe()
                    + " is not bound to its proxy (stored before binding; inventory-service re-encrypts it)");
        }
        return open(secret, binding, true);
    }

    /**
     * Re-encrypts a secret under the primary key for {@code to}: the stored secret of a proxy after a key rotation,
     * one stored before ciphertexts were bound, or one whose proxy moved to another endpoint. The plaintext never
     * leaves this class.
     *
     * @param from what the secret is bound to now (ignored for an unbound one)
     */
    public EncryptedSecret reEncrypt(EncryptedSecret secret, SecretBinding from, SecretBinding to) {
        return encrypt(open(secret, from, isBound(secret.ciphertext())), to);
    }

    private static boolean isBound(String ciphertext) {
        return ciphertext.startsWith(BOUND_PREFIX);
    }

    /** Opens the base64 of IV and AES-GCM output; a bound one authenticates {@code binding} with it. */
    private String open(EncryptedSecret secret, SecretBinding binding, boolean bound) {
        SecretKey key = keys.get(secret.keyId());
        if (key == null) {
            throw new IllegalStateException("credential key '" + secret.keyId() + "' is not configured");
        }
        try {
            byte[] in = Base64.getDecoder().decode(bound
                    ? secret.ciphertext().substring(BOUND_PREFIX.length()) : secret.ciphertext());
            Cipher cipher = Cipher.getInstance(TRANSFORMATION);
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, in, 0, IV_BYTES));
            if (bound) {
                cipher.updateAAD(binding.associatedData());
            }
            return new String(cipher.doFinal(in, IV_BYTES, in.length - IV_BYTES), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            // Base64 that is not, or too short for an IV, is as unreadable as a wrong tag.
            throw new IllegalStateException("credential under key '" + secret.keyId() + "' cannot be decrypted for "
                    + binding.describe() + " (made for another proxy, endpoint or key, or tampered with)", e);
        }
    }

    private static Map<String, SecretKey> parseKeys(List<String> entries) {
        Map<String, SecretKey> parsed = new LinkedHashMap<>();
        for (String entry : entries) {
            int colon = entry.indexOf(':');
            if (colon <= 0) {
                throw new IllegalStateException("fleet.crypto.keys entries must look like 'id:base64'");
            }
            String id = entry.substring(0, colon).trim();
            byte[] key;
            try {
                key = Base64.getDecoder().decode(entry.substring(colon + 1).trim());
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException("fleet.crypto.keys entry '" + id + "' is not valid base64");
            }
            if (key.length != KEY_BYTES) {
                throw new IllegalStateException("fleet.crypto.keys entry '" + id + "' must be 32 bytes (AES-256), not " + key.length);
            }
            parsed.put(id, new SecretKeySpec(key, "AES"));
        }
        return parsed;
    }
}
