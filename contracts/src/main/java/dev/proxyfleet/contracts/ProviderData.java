package dev.proxyfleet.contracts;

import static dev.proxyfleet.contracts.EventData.required;

import com.fasterxml.jackson.annotation.JsonFormat;
import java.math.BigDecimal;

/** State of a provider, carried by every {@code provider.*} event. The cost is written as a decimal string. */
public record ProviderData(
        Long id,
        String name,
        ServiceType serviceType,
        @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal monthlyCostPerProxy,
        String currency,
        String contactEmail,
        ProviderStatus status,
        Long version) implements EventData {

    public ProviderData {
        required(id, "id");
        required(name, "name");
        required(version, "version");
    }

    @Override
    public String key() {
        return id.toString();
    }
}
