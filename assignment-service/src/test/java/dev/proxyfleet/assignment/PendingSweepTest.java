package dev.proxyfleet.assignment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.proxyfleet.contracts.EventType;
import dev.proxyfleet.localinfra.FleetTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The sweep that hands out capacity a pending account could not see when it went pending. */
@QuarkusTest
@WithTestResource(FleetTestResource.class)
@TestProfile(PendingSweepTest.Sweeping.class)
class PendingSweepTest {

    /** The service with the pending sweep on (the other tests run without it, to see the event path alone). */
    public static class Sweeping implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("assignment.pending-sweep", "200ms");
        }
    }

    @Test
    void pendingAccountGetsCapacityNoEventAnnounced() {
        Fleet.emptyFleet();
        long proxy = Fleet.createDisabledProxy(2);
        for (int i = 1; i <= 3; i++) {
            Fleet.account(EventType.ACCOUNT_CREATED, "sweep-" + i, "sweep-model");
            Fleet.awaitSql("SELECT count(*) FROM account WHERE pending_since IS NOT NULL AND model_id = 'sweep-model'", i);
        }

        // As if the proxy's enabling had committed while the accounts were going pending: no event refills it.
        Fleet.execute("UPDATE proxy SET enabled = TRUE WHERE id = " + proxy);

        Fleet.awaitSql("SELECT count(*) FROM account WHERE proxy_id = " + proxy, 2);
        assertThat(Fleet.proxyOf("sweep-1")).as("oldest first").isEqualTo(proxy);
        assertThat(Fleet.proxyOf("sweep-2")).isEqualTo(proxy);
        assertThat(Fleet.sql("SELECT count(*) FROM account WHERE account_id = 'sweep-3' AND pending_since IS NOT NULL")).isOne();
        assertThat(Fleet.violations()).isZero();
    }
}
