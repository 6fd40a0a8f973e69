package dev.proxyfleet.inventory.vps;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** A VPS host as clients write it. */
public record VpsRequest(
        @NotBlank @Size(max = 200) String name,
        @Size(max = 64) String environment,
        @Size(max = 255) String address,
        @Size(max = 2000) String notes) {
}
