package dev.proxyfleet.crypto;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/** API tokens: how they are made and the one form configuration keeps of them (a SHA-256, never the token). */
public final class ApiTokenDigest {

    /** Every API token starts with this, so a bearer token that does not is left to OIDC. */
    public static final String PREFIX = "pft_";

    private ApiTokenDigest() {
    }

    /** A new random token. */
    public static String generate() {
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }

    /** The SHA-256 (hex) of a token, as {@code printf %s "$TOKEN" | sha256sum} prints it. */
    public static String sha256(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
