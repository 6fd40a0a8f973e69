package dev.proxyfleet.security;

import io.smallrye.config.ConfigMapping;
import java.util.List;
import java.util.Optional;

/** The static API tokens this service accepts. */
@ConfigMapping(prefix = "fleet.security")
public interface ApiTokenConfig {

    /**
     * Entries {@code name:role|role:sha256-hex-of-token}, comma-separated (env {@code FLEET_SECURITY_TOKENS}). Only
     * hashes are configured; {@code printf %s "$TOKEN" | sha256sum} makes one.
     */
    Optional<List<String>> tokens();
}
