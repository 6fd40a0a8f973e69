package dev.proxyfleet.crypto;

import io.smallrye.config.ConfigMapping;
import java.util.List;
import java.util.Optional;

/** Keys that encrypt proxy passwords at rest. */
@ConfigMapping(prefix = "fleet.crypto")
public interface CryptoConfig {

    /** Entries {@code id:base64-of-32-bytes}; every key decrypts, so old keys stay until re-encryption is done. */
    Optional<List<String>> keys();

    /** The key that encrypts; required when more than one key is configured. */
    Optional<String> primaryKeyId();
}
