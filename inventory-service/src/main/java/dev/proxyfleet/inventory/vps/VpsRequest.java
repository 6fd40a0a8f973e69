package dev.proxyfleet.inventory.vps;

import dev.proxyfleet.inventory.web.NoControlCharacters;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** A VPS host as clients write it. */
public record VpsRequest(
        @NotBlank @Size(max = 200) @NoControlCharacters String name,
        @Size(max = 64) @NoControlCharacters String environment,
        @Size(max = 255) @NoControlCharacters String address,
        @Size(max = 2000) @NoControlCharacters(lineBreaks = true) String notes) {
}
