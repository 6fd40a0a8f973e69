package dev.proxyfleet.inventory.provider;

import dev.proxyfleet.contracts.ProviderStatus;
import dev.proxyfleet.contracts.ServiceType;
import dev.proxyfleet.inventory.web.NoControlCharacters;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;

/** A provider as clients write it. Absent cost is 0, currency USD, status active. */
public record ProviderRequest(
        @NotBlank @Size(max = 200) @NoControlCharacters String name,
        @NotNull ServiceType serviceType,
        @DecimalMin(value = "0", message = "must not be negative")
        @Digits(integer = 8, fraction = 4, message = "must have at most 8 digits before the decimal point and 4 after it")
        BigDecimal monthlyCostPerProxy,
        @Pattern(regexp = "[A-Z]{3}", message = "must be a three-letter ISO 4217 code such as USD") String currency,
        @Email @Size(max = 254) @NoControlCharacters String contactEmail,
        ProviderStatus status) {

    static ProviderRequest of(Provider provider) {
        return new ProviderRequest(provider.name, provider.serviceType, provider.monthlyCostPerProxy, provider.currency,
                provider.contactEmail, provider.status);
    }
}
