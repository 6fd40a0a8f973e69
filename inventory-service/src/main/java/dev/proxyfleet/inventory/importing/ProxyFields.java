package dev.proxyfleet.inventory.importing;

import dev.proxyfleet.contracts.Protocol;
import dev.proxyfleet.inventory.web.NoControlCharacters;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/** Reads single field values the same way for plain lines and for CSV cells. */
final class ProxyFields {

    private static final Map<String, Protocol> PROTOCOLS = Map.of(
            "http", Protocol.HTTP,
            "https", Protocol.HTTPS,
            "socks5", Protocol.SOCKS5,
            // socks5h only says "resolve the name on the proxy"; the proxy speaks plain SOCKS5.
            "socks5h", Protocol.SOCKS5);
    private static final Pattern DIGITS = Pattern.compile("[0-9]+");
    // A token of this shape is a protocol name, never a credential, so an error may quote it.
    private static final Pattern QUOTABLE_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]{0,9}");
    // Longer port texts are more likely a shifted password than a mistyped port.
    private static final int MAX_QUOTED_PORT_LENGTH = 5;
    private static final int MAX_PORT_DIGITS = 9;

    private ProxyFields() {
    }

    /** Lower-cased host without IPv6 brackets; CSV cells may carry the brackets too. */
    static String host(String text) {
        String host = text.strip();
        if (host.length() >= 2 && host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        if (host.isEmpty()) {
            throw new LineFormatException("missing host");
        }
        return host.toLowerCase(Locale.ROOT);
    }

    /**
     * The port as written; range checks are left to validation. The port text is quoted in the
     * error only when the line has no credentials and the text is short, because on a line
     * with its fields in the wrong order the "port" may well be a password.
     */
    static Integer port(String text, boolean lineHasCredentials) {
        String port = text.strip();
        if (port.isEmpty()) {
            throw new LineFormatException("missing port");
        }
        if (!DIGITS.matcher(port).matches()) {
            boolean quotable = !lineHasCredentials && port.length() <= MAX_QUOTED_PORT_LENGTH;
            throw new LineFormatException(quotable
                    ? "port '" + port + "' is not a number" : "port is not a number");
        }
        if (port.length() > MAX_PORT_DIGITS) {
            throw new LineFormatException("port is out of range");
        }
        return Integer.valueOf(port);
    }

    /** {@code kind} names the field in the error: "scheme" for URLs, "protocol" for CSV. */
    static Protocol protocol(String text, String kind) {
        String name = text.strip();
        if (name.isEmpty()) {
            return null;
        }
        Protocol protocol = PROTOCOLS.get(name.toLowerCase(Locale.ROOT));
        if (protocol == null) {
            throw new LineFormatException(QUOTABLE_NAME.matcher(name).matches()
                    ? "unsupported " + kind + " '" + name + "'" : "unsupported " + kind);
        }
        return protocol;
    }

    /**
     * A provider's id or name, checked before it is looked up: PostgreSQL fails the whole statement on a NUL, and a
     * name with control characters names no provider anyway.
     */
    static String provider(String text) {
        if (!NoControlCharacters.Validator.isValid(text)) {
            throw new LineFormatException("provider must not contain control characters");
        }
        return emptyToNull(text);
    }

    static String emptyToNull(String text) {
        return text == null || text.isEmpty() ? null : text;
    }
}
