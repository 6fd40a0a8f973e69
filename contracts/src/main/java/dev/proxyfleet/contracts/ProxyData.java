package dev.proxyfleet.contracts;

import static dev.proxyfleet.contracts.EventData.required;

import java.time.Instant;
import java.util.List;

/**
 * Full current state of a proxy, carried by every {@code proxy.*} event. The password travels only as AES-GCM
 * ciphertext ({@code passwordCiphertext}, base64) with the id of the key that encrypted it; never in plain text.
 */
public record ProxyData(
        Long id,
        String host,
        Integer port,
        Protocol protocol,
        String username,
        String passwordCiphertext,
        String keyId,
        Long providerId,
        String location,
        List<String> labels,
        Integer priority,
        Boolean enabled,
        Integer maxAccounts,
        Integer maxKeys,
        Long vpsId,
        Long version,
        Instant updatedAt) implements EventData {

    /** Accounts a proxy takes when nothing else is configured. */
    public static final int DEFAULT_MAX_ACCOUNTS = 3;

    public ProxyData {
        required(id, "id");
        required(host, "host");
        required(port, "port");
        required(protocol, "protocol");
        required(version, "version");
        required(updatedAt, "updatedAt");
        if (labels != null && labels.stream().anyMatch(java.util.Objects::isNull)) {
            throw new IllegalArgumentException("field 'labels' must not contain null");
        }
        labels = labels == null ? List.of() : List.copyOf(labels);
        priority = priority == null ? 0 : priority;
        enabled = enabled == null || enabled;
        maxAccounts = maxAccounts == null ? DEFAULT_MAX_ACCOUNTS : maxAccounts;
        maxKeys = maxKeys == null ? ApiKeyData.DEFAULT_MAX_KEYS : maxKeys;
    }

    @Override
    public String key() {
        return id.toString();
    }
}
