package dev.proxyfleet.security;

import dev.proxyfleet.crypto.ApiTokenDigest;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import jakarta.enterprise.context.ApplicationScoped;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The configured API tokens by the hash of their value; a presented token is hashed and compared, never stored. */
@ApplicationScoped
public class ApiTokens {

    private final Map<String, SecurityIdentity> byHash = new LinkedHashMap<>();

    public ApiTokens(ApiTokenConfig config) {
        for (String entry : config.tokens().orElse(List.of())) {
            String[] parts = entry.trim().split(":");
            if (parts.length != 3 || !parts[2].matches("[0-9a-fA-F]{64}")) {
                throw new IllegalStateException("fleet.security.tokens entries must look like 'name:role|role:sha256-hex'");
            }
            QuarkusSecurityIdentity.Builder identity = QuarkusSecurityIdentity.builder().setPrincipal(new QuarkusPrincipal(parts[0]));
            for (String role : parts[1].split("\\|")) {
                if (!Role.ALL.contains(role)) {
                    throw new IllegalStateException("unknown role '" + role + "' in fleet.security.tokens; roles are " + Role.ALL);
                }
                identity.addRole(role);
            }
            byHash.put(parts[2].toLowerCase(Locale.ROOT), identity.build());
        }
    }

    /** The identity of a presented token, if it is one of ours; compared in constant time. */
    public Optional<SecurityIdentity> identify(String token) {
        byte[] presented = HexFormat.of().parseHex(ApiTokenDigest.sha256(token));
        return byHash.entrySet().stream()
                .filter(entry -> MessageDigest.isEqual(HexFormat.of().parseHex(entry.getKey()), presented))
                .map(Map.Entry::getValue).findFirst();
    }
}
