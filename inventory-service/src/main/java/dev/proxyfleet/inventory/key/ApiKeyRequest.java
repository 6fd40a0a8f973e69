package dev.proxyfleet.inventory.key;

import dev.proxyfleet.inventory.web.NoControlCharacters;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/**
 * An API key as an operator binds it to a proxy. {@code secret} is write-only: it is encrypted at once and never
 * answered, logged or published in clear.
 *
 * @param pool the pool consumers ask for keys of, e.g. the upstream service's name
 */
public record ApiKeyRequest(
        @NotBlank @Size(max = 100) @NoControlCharacters String name,
        @NotBlank @Size(max = 4096) @NoControlCharacters String secret,
        @NotBlank @Size(max = 100) @NoControlCharacters String pool) {

    /** Masks the secret: a request may end up in a log line or an assertion message. */
    @Override
    public String toString() {
        return "ApiKeyRequest[name=" + name + ", pool=" + pool + ", secretSet=" + (secret != null) + "]";
    }
}
