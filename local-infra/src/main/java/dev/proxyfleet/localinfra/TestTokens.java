package dev.proxyfleet.localinfra;

import dev.proxyfleet.crypto.ApiTokenDigest;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One API token per role for tests. {@link FleetTestResource} configures their hashes in the service under test and
 * sends the admin token by default; tests of access rules send the others, or none.
 */
public final class TestTokens {

    public static final String ADMIN = ApiTokenDigest.PREFIX + "test-admin";
    public static final String OPERATOR = ApiTokenDigest.PREFIX + "test-operator";
    public static final String VIEWER = ApiTokenDigest.PREFIX + "test-viewer";
    public static final String CONSUMER = ApiTokenDigest.PREFIX + "test-consumer";

    private TestTokens() {
    }

    /** Each test token by its role. */
    public static Map<String, String> byRole() {
        Map<String, String> tokens = new LinkedHashMap<>();
        tokens.put("admin", ADMIN);
        tokens.put("operator", OPERATOR);
        tokens.put("viewer", VIEWER);
        tokens.put("consumer", CONSUMER);
        return tokens;
    }

    /** The {@code fleet.security.tokens} value that makes a service accept them. */
    public static String configuration() {
        return byRole().entrySet().stream()
                .map(entry -> "test-" + entry.getKey() + ":" + entry.getKey() + ":" + ApiTokenDigest.sha256(entry.getValue()))
                .collect(Collectors.joining(","));
    }
}
