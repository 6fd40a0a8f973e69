package dev.proxyfleet.assignment;

import static dev.proxyfleet.assignment.Fleet.account;
import static dev.proxyfleet.assignment.Fleet.awaitSql;
import static org.assertj.core.api.Assertions.assertThat;

import dev.proxyfleet.contracts.EventType;
import org.eclipse.microprofile.config.ConfigProvider;

/** The same fleet and accounts, placed by one policy: which proxy does the second account of a model get? */
abstract class PolicyTest {

    /**
     * Two empty proxies, the older first, and behind them as many as the reserve keeps for other models, so there is
     * room to spread; two accounts of one model. Returns {older, younger, second account's proxy}.
     */
    static long[] placeSecondAccount() {
        Fleet.emptyFleet();
        long older = Fleet.createProxy(3);
        long younger = Fleet.createProxy(3);
        for (int i = 0; i < ConfigProvider.getConfig().getValue("assignment.empty-reserve", Integer.class); i++) {
            Fleet.createProxy(3);
        }
        String model = "policy-" + Fleet.nextId();
        String first = "acc-" + Fleet.nextId();
        String second = "acc-" + Fleet.nextId();
        account(EventType.ACCOUNT_CREATED, first, model);
        awaitSql("SELECT count(*) FROM account WHERE account_id = '" + first + "' AND proxy_id = " + older, 1);
        account(EventType.ACCOUNT_CREATED, second, model);
        awaitSql("SELECT count(*) FROM account WHERE account_id = '" + second + "' AND proxy_id IS NOT NULL", 1);
        assertThat(Fleet.violations()).isZero();
        return new long[] {older, younger, Fleet.proxyOf(second)};
    }
}
