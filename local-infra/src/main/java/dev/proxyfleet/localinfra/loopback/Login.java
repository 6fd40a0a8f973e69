package dev.proxyfleet.localinfra.loopback;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;

/** The username and password a loopback proxy asks for; its text form never shows the password. */
public record Login(String username, String password) {

    private static final String BASIC = "Basic ";

    /** Whether these are the expected username and password, compared in constant time. */
    boolean admits(String givenUsername, String givenPassword) {
        return same(username, givenUsername) & same(password, givenPassword);
    }

    /** Whether a {@code Proxy-Authorization} header carries this login (HTTP basic authentication). */
    boolean admitsBasic(String header) {
        if (header == null || !header.regionMatches(true, 0, BASIC, 0, BASIC.length())) {
            return false;
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(header.substring(BASIC.length()).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException notBase64) {
            return false;
        }
        int colon = decoded.indexOf(':');
        return colon >= 0 && admits(decoded.substring(0, colon), decoded.substring(colon + 1));
    }

    private static boolean same(String expected, String given) {
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return "Login[username=" + username + "]";
    }
}
