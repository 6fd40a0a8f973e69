package dev.proxyfleet.contracts;

import static dev.proxyfleet.contracts.EventData.id;
import static dev.proxyfleet.contracts.EventData.required;

/**
 * What account services send on {@code account-events}. {@code modelId} is required for {@code account.created},
 * {@code account.updated} and {@code account.reactivated}; the consumer checks that per type. Both ids are checked
 * at the edge ({@link EventData#id}), so a NUL or an empty model id is poison, not a database error.
 */
public record AccountData(String accountId, String modelId, Long vpsId, String reason) implements EventData {

    public AccountData {
        id(required(accountId, "accountId"), "accountId");
        id(modelId, "modelId");
    }

    @Override
    public String key() {
        return accountId;
    }
}
