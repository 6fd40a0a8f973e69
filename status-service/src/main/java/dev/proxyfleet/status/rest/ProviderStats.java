package dev.proxyfleet.status.rest;

import com.fasterxml.jackson.annotation.JsonFormat;
import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * One provider's share of the fleet. Money is written as decimal strings, like the contract's costs.
 *
 * @param utilisation assigned accounts / capacity (sum of the proxies' maxAccounts), 0 without capacity
 * @param monthlyCost monthly cost per proxy × proxies, to the cent
 * @param costPerAssignedAccount monthly cost / assigned accounts (4 decimals); null while no account is assigned
 */
public record ProviderStats(long id, String name, String serviceType, String status, String currency, int proxies,
        int enabled, int healthy, int capacity, int accounts, double utilisation,
        @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal monthlyCostPerProxy,
        @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal monthlyCost,
        @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal costPerAssignedAccount) {

    /** Derives utilisation and costs from the counted figures. */
    public static ProviderStats of(long id, String name, String serviceType, String status, String currency,
            int[] counts, BigDecimal costPerProxy) {
        int proxies = counts[0];
        int capacity = counts[3];
        int accounts = counts[4];
        BigDecimal monthly = costPerProxy == null ? null : costPerProxy.multiply(BigDecimal.valueOf(proxies)).setScale(2, RoundingMode.HALF_UP);
        BigDecimal perAccount = monthly == null || accounts == 0 ? null
                : monthly.divide(BigDecimal.valueOf(accounts), 4, RoundingMode.HALF_UP);
        double utilisation = capacity == 0 ? 0 : (double) accounts / capacity;
        return new ProviderStats(id, name, serviceType, status, currency, proxies, counts[1], counts[2], capacity,
                accounts, utilisation, costPerProxy, monthly, perAccount);
    }
}
