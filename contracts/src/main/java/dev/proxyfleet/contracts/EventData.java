package dev.proxyfleet.contracts;

import java.util.Optional;
import java.util.regex.Pattern;

/** The data of a contract event; {@link #key()} is the Kafka record key the event is published under. */
public sealed interface EventData
        permits ProxyData, ProviderData, AccountData, AssignmentData, HealthData, UsageData, ApiKeyData,
        AssignmentStateData, HealthStateData, SettingsData, ProviderOutageData, EgressData, ExitIpData {

    /** What {@link #ipLiteral} accepts, as REST validation names it too. */
    String IP_LITERAL_PATTERN = "[0-9A-Fa-f:.]{2,45}";
    Pattern IP_LITERAL = Pattern.compile(IP_LITERAL_PATTERN);

    /** The id of the entity the event is about, as the record key. */
    String key();

    /**
     * Fails decoding when a field the contract requires is absent, so that the record goes to the dead-letter
     * topic instead of being half-processed.
     */
    static <T> T required(T value, String field) {
        if (value == null) {
            throw new IllegalArgumentException("missing field '" + field + "'");
        }
        return value;
    }

    /**
     * An IP address as health-service writes it (a literal of digits, hex digits, dots and colons, no longer than an
     * IPv6 one), or null: a name or anything else is not an address, and must not reach a database or a page.
     */
    static String ipLiteral(String value, String field) {
        if (value != null && !IP_LITERAL.matcher(value).matches()) {
            throw new IllegalArgumentException("'" + field + "' must be an IP address");
        }
        return value;
    }

    /** A share (of proxies failing): required, from 0 to 1. */
    static Double share(Double value, String field) {
        if (required(value, field) < 0 || value > 1) {
            throw new IllegalArgumentException("'" + field + "' must be between 0 and 1");
        }
        return value;
    }

    /** Longest account or model id accepted: ids are keys and labels, not documents. */
    int MAX_ID_LENGTH = 200;

    /**
     * An id other services chose (an account's, a model's): non-empty, at most {@value #MAX_ID_LENGTH} characters, no
     * control characters (PostgreSQL refuses NUL, and the others break logs and pages). Absent stays absent.
     */
    static String id(String value, String field) {
        idProblem(value).ifPresent(problem -> {
            throw new IllegalArgumentException("'" + field + "' " + problem);
        });
        return value;
    }

    /**
     * Why {@code value} breaks the rule of {@link #id}, or empty when it keeps it; REST edges validate by the same
     * rule as the Kafka edge through this.
     */
    static Optional<String> idProblem(String value) {
        if (value == null) {
            return Optional.empty();
        }
        if (value.isEmpty() || value.length() > MAX_ID_LENGTH) {
            return Optional.of("must have 1 to " + MAX_ID_LENGTH + " characters");
        }
        if (value.chars().anyMatch(Character::isISOControl)) {
            return Optional.of("must not contain control characters");
        }
        return Optional.empty();
    }
}
