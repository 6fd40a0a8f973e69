package dev.proxyfleet.inventory.importing;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;

/** Username and password from one line; both null when the line has none. */
record Credentials(String username, String password) {

    static final Credentials NONE = new Credentials(null, null);

    /** Empty parts count as absent; a password without a username is an error. */
    static Credentials of(String username, String password) {
        String user = ProxyFields.emptyToNull(username);
        String pass = ProxyFields.emptyToNull(password);
        if (user == null && pass != null) {
            throw new LineFormatException("missing username");
        }
        return user == null ? NONE : new Credentials(user, pass);
    }

    /**
     * Splits {@code user:pass} at the first ':', so the password may contain ':'. URL user info
     * is percent-encoded; the bare {@code user:pass@host:port} form is taken literally.
     */
    static Credentials fromUserInfo(String userInfo, boolean percentEncoded) {
        int colon = userInfo.indexOf(':');
        String user = colon < 0 ? userInfo : userInfo.substring(0, colon);
        String pass = colon < 0 ? null : userInfo.substring(colon + 1);
        return percentEncoded ? of(decode(user), pass == null ? null : decode(pass)) : of(user, pass);
    }

    boolean present() {
        return username != null;
    }

    @Override
    public String toString() {
        return "Credentials[username=" + username + ", passwordSet=" + (password != null) + "]";
    }

    /** Strict UTF-8 percent-decoding; unlike URLDecoder it keeps '+' as '+', as RFC 3986 wants. */
    private static String decode(String text) {
        if (text.indexOf('%') < 0) {
            return text;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(text.length());
        int from = 0;
        for (int pct = text.indexOf('%'); pct >= 0; pct = text.indexOf('%', from)) {
            bytes.writeBytes(text.substring(from, pct).getBytes(StandardCharsets.UTF_8));
            bytes.write(hexByte(text, pct));
            from = pct + 3;
        }
        bytes.writeBytes(text.substring(from).getBytes(StandardCharsets.UTF_8));
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
        } catch (CharacterCodingException e) {
            throw invalidEncoding();
        }
    }

    private static int hexByte(String text, int pct) {
        int high = pct + 1 < text.length() ? Character.digit(text.charAt(pct + 1), 16) : -1;
        int low = pct + 2 < text.length() ? Character.digit(text.charAt(pct + 2), 16) : -1;
        if (high < 0 || low < 0) {
            throw invalidEncoding();
        }
        return high * 16 + low;
    }

    private static LineFormatException invalidEncoding() {
        return new LineFormatException("invalid percent-encoding in credentials");
    }
}
