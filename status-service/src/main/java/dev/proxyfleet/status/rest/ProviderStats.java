package dev.proxyfleet.status.rest;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * One provider's share of the fleet.
 *
 * @param utilisation assigned accounts / capacity (sum of the proxies' maxAccounts), 0 without capacity
 * @param monthlyCost monthly cost per proxy × proxies
 * @param costPerAssignedAccount monthly cost / assigned accounts; null while no account is assigned
 */
public record ProviderStats(long id, String name, String serviceType, String status, String currency, int proxies,
        int enabled, int healthy, int capacity, int accounts, double utilisation, BigDecimal monthlyCostPerProxy,
        BigDecimal monthlyCost, BigDecimal costPerAssignedAccount) {

    /** Derives utilisation and costs from the counted figures. */
    public static ProviderStats of(long id, String name, String serviceType, String status, String currency,
            int[] counts, BigDecimal costPerProxy) {
        int proxies = counts[0];
        int capacity = counts[3];
        int accounts = counts[4];
        BigDecimal monthly = costPerProxy == null ? null : costPerProxy.multiply(BigDecimal.valueOf(proxies));
        BigDecimal perAccount = monthly == null || accounts == 0 ? null
                : monthly.divide(BigDecimal.valueOf(accounts), 4, RoundingMode.HALF_UP);
        double utilisation = capacity == 0 ? 0 : (double) accounts / capacity;
        return new ProviderStats(id, name, serviceType, status, currency, proxies, counts[1], counts[2], capacity,
                accounts, utilisation, costPerProxy, monthly, perAccount);
    }
}
