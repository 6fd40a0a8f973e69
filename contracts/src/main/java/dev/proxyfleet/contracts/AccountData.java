package dev.proxyfleet.contracts;

import static dev.proxyfleet.contracts.EventData.required;

/**
 * What account services send on {@code account-events}. {@code modelId} is required for {@code account.created},
 * {@code account.updated} and {@code account.reactivated}; the consumer checks that per type.
 */
public record AccountData(String accountId, String modelId, Long vpsId, String reason) implements EventData {

    public AccountData {
        required(accountId, "accountId");
    }

    @Override
    public String key() {
        return accountId;
    }
}
