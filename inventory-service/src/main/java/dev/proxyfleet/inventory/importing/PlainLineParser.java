package dev.proxyfleet.inventory.importing;

import dev.proxyfleet.contracts.Protocol;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the plain (non-CSV) line formats: {@code host:port}, {@code host:port:user:pass},
 * {@code user:pass@host:port} and {@code scheme://[user:pass@]host:port[/]}, where the host may
 * be a bracketed IPv6 address.
 */
final class PlainLineParser {

    private static final Pattern SCHEME = Pattern.compile("([A-Za-z][A-Za-z0-9+.-]*)://");
    // Tried before user:pass@host:port so that host:port:user:pass keeps a password with '@' in it.
    private static final Pattern HOST_THEN_PORT = Pattern.compile("[^:@\\[]+:[0-9]+(:.*)?", Pattern.DOTALL);
    // Two hex groups and a second ':' at the start: an IPv6 address that lost its brackets.
    private static final Pattern BARE_IPV6 = Pattern.compile("[0-9A-Fa-f]{0,4}:[0-9A-Fa-f]{0,4}:.*", Pattern.DOTALL);
    private static final Pattern DIGITS = Pattern.compile("[0-9]+");

    private PlainLineParser() {
    }

    /** Parses one trimmed, non-empty line; throws {@link LineFormatException} when it fits no format. */
    static ProxyCandidate parse(String line) {
        Matcher scheme = SCHEME.matcher(line);
        if (scheme.lookingAt()) {
            return parseUrl(ProxyFields.protocol(scheme.group(1), "scheme"), line.substring(scheme.end()));
        }
        int at = line.lastIndexOf('@');
        if (at < 0 || line.startsWith("[") || HOST_THEN_PORT.matcher(line).matches()) {
            return parseColonForm(line);
        }
        // The last '@' because a password may contain '@'; the host never does.
        Credentials credentials = Credentials.fromUserInfo(line.substring(0, at), false);
        return parseHostAndPort(line.substring(at + 1), credentials, null);
    }

    private static ProxyCandidate parseUrl(Protocol protocol, String rest) {
        String authority = rest.endsWith("/") ? rest.substring(0, rest.length() - 1) : rest;
        int at = authority.lastIndexOf('@');
        Credentials credentials = at < 0
                ? Credentials.NONE
                : Credentials.fromUserInfo(authority.substring(0, at), true);
        return parseHostAndPort(authority.substring(at + 1), credentials, protocol);
    }

    /** {@code host:port} after an '@' or a scheme, where nothing may follow the port. */
    private static ProxyCandidate parseHostAndPort(String text, Credentials credentials, Protocol protocol) {
        Address address = Address.split(text);
        if (address.fields().size() > 1 || text.indexOf('/') >= 0) {
            address.rejectBareIpv6(text);
            throw unrecognised();
        }
        return candidate(address, credentials, protocol);
    }

    /** {@code host:port} or {@code host:port:user:pass}; the password keeps any further ':'. */
    private static ProxyCandidate parseColonForm(String line) {
        Address address = Address.split(line);
        address.rejectBareIpv6(line);
        List<String> fields = address.fields();
        if (fields.size() == 2) {
            throw unrecognised();
        }
        Credentials credentials = fields.size() == 3
                ? Credentials.of(fields.get(1), fields.get(2))
                : Credentials.NONE;
        return candidate(address, credentials, null);
    }

    private static ProxyCandidate candidate(Address address, Credentials credentials, Protocol protocol) {
        // Whitespace in the host means a sentence or a note, not one of the formats.
        if (address.host().chars().anyMatch(Character::isWhitespace)) {
            throw unrecognised();
        }
        String host = ProxyFields.host(address.host());
        Integer port = ProxyFields.port(address.port(), credentials.present());
        return new ProxyCandidate(host, port, protocol, credentials.username(), credentials.password(),
                null, null, null);
    }

    private static LineFormatException unrecognised() {
        return new LineFormatException("unrecognised format");
    }

    /** A host and the ':'-separated fields after it (port, then at most user and password). */
    private record Address(String host, List<String> fields, boolean bracketed) {

        static Address split(String text) {
            if (!text.startsWith("[")) {
                int colon = text.indexOf(':');
                return colon < 0
                        ? new Address(text, List.of(), false)
                        : new Address(text.substring(0, colon), fields(text.substring(colon)), false);
            }
            int close = text.indexOf(']');
            if (close < 0) {
                throw unrecognised();
            }
            String rest = text.substring(close + 1);
            if (!rest.isEmpty() && !rest.startsWith(":")) {
                throw unrecognised();
            }
            return new Address(text.substring(1, close), fields(rest), true);
        }

        private static List<String> fields(String rest) {
            return rest.isEmpty() ? List.of() : List.of(rest.substring(1).split(":", 3));
        }

        String port() {
            return fields.isEmpty() ? "" : fields.get(0);
        }

        /** Without brackets, an IPv6 address would be misread as host:port:user:pass. */
        void rejectBareIpv6(String text) {
            boolean portMissing = host.isEmpty() || !DIGITS.matcher(port()).matches();
            if (!bracketed && portMissing && BARE_IPV6.matcher(text).matches()) {
                throw new LineFormatException("IPv6 address must be in brackets");
            }
        }
    }
}
