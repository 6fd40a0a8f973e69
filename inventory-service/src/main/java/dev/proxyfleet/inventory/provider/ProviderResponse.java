package dev.proxyfleet.inventory.provider;

import dev.proxyfleet.contracts.ProviderStatus;
import dev.proxyfleet.contracts.ServiceType;
import dev.proxyfleet.inventory.proxy.ProxyRepository;
import java.math.BigDecimal;
import java.time.Instant;

/** A provider with its fleet: proxies, enabled proxies and what they cost a month ({@code cost × proxies}). */
public record ProviderResponse(
        Long id,
        String name,
        ServiceType serviceType,
        BigDecimal monthlyCostPerProxy,
        String currency,
        String contactEmail,
        ProviderStatus status,
        long version,
        long proxyCount,
        long enabledCount,
        BigDecimal monthlyCostTotal,
        Instant createdAt,
        Instant updatedAt) {

    static ProviderResponse from(Provider provider, ProxyRepository.Counts counts) {
        return new ProviderResponse(provider.id, provider.name, provider.serviceType, provider.monthlyCostPerProxy,
                provider.currency, provider.contactEmail, provider.status, provider.version, counts.proxies(),
                counts.enabled(), provider.monthlyCostPerProxy.multiply(BigDecimal.valueOf(counts.proxies())),
                provider.createdAt, provider.updatedAt);
    }
}
