package dev.proxyfleet.assignment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.proxyfleet.localinfra.FleetTestResource;
import dev.proxyfleet.assignment.engine.AccountLifecycle;
import dev.proxyfleet.contracts.AccountData;
import dev.proxyfleet.messaging.Transactions;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.List;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(FleetTestResource.class)
class UnusedFirstPolicyTest extends PolicyTest {

    @Inject
    AccountLifecycle accounts;

    @Inject
    Transactions transactions;

    @Test
    void secondAccountOfAModelTakesAnEmptyProxyBeforeSharing() {
        long[] placed = placeSecondAccount();

        assertThat(placed[2]).isEqualTo(placed[1]);
    }

    /**
     * One consumer batch of several models is placed as the accounts would be one by one in their order: a model does
     * not take every empty proxy just because its accounts come first in the batch. With the default reserve of two
     * empty proxies, and one more for m3, which waits further on in the batch, m1 spreads once and then fills its own.
     */
    @Test
    void aBatchOfSeveralModelsIsPlacedInEventOrder() {
        Fleet.emptyFleet();
        long p1 = Fleet.createProxy(2);
        long p2 = Fleet.createProxy(2);
        long p3 = Fleet.createProxy(2);
        long p4 = Fleet.createProxy(2);
        Fleet.createProxy(2);
        Fleet.createProxy(2);
        String m1 = "batch-a-" + Fleet.nextId();
        String m2 = "batch-b-" + Fleet.nextId();
        String m3 = "batch-c-" + Fleet.nextId();
        List<String[]> batch = List.of(new String[] {"b1-" + m1, m1}, new String[] {"b2-" + m2, m2}, new String[] {"b3-" + m1, m1},
                new String[] {"b4-" + m2, m2}, new String[] {"b5-" + m1, m1}, new String[] {"b6-" + m3, m3});

        transactions.inTransaction(tx -> accounts.created(tx, batch.stream()
                .map(account -> new AccountData(account[0], account[1], null, null)).toList())).await().indefinitely();

        assertThat(Fleet.proxyOf("b1-" + m1)).as("first account, first empty proxy").isEqualTo(p1);
        assertThat(Fleet.proxyOf("b2-" + m2)).as("another model, the next empty proxy").isEqualTo(p2);
        assertThat(Fleet.proxyOf("b3-" + m1)).as("four empty proxies, three to keep: an empty proxy before sharing").isEqualTo(p3);
        assertThat(Fleet.proxyOf("b4-" + m2)).as("three to keep: its model's proxy").isEqualTo(p2);
        assertThat(Fleet.proxyOf("b5-" + m1)).as("its model's least used, then oldest, proxy").isEqualTo(p1);
        assertThat(Fleet.proxyOf("b6-" + m3)).as("the kept proxy, for a model without one").isEqualTo(p4);
        assertThat(Fleet.violations()).isZero();
    }
}
