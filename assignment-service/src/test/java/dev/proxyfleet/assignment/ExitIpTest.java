package dev.proxyfleet.assignment;

import static dev.proxyfleet.assignment.Fleet.awaitSql;
import static dev.proxyfleet.assignment.Fleet.proxyOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.proxyfleet.assignment.engine.AccountStore;
import dev.proxyfleet.contracts.HealthData;
import dev.proxyfleet.contracts.HealthState;
import dev.proxyfleet.contracts.EventType;
import dev.proxyfleet.localinfra.FleetTestResource;
import dev.proxyfleet.localinfra.TestEvents;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * Proxies that leave through one exit IP are one proxy for the upstream: the engine places accounts of one model on
 * them together, and a proxy whose exit IP becomes another model's moves its accounts away first. Driven by the
 * events health-service sends ({@code proxy.exit-ip-changed}, and the exit IP a health transition carries).
 */
@QuarkusTest
@WithTestResource(FleetTestResource.class)
class ExitIpTest {

    @Inject
    AccountStore accounts;

    @Test
    void anAccountOfASecondModelWaitsRatherThanShareAnExitIpWithAnother() {
        Fleet.emptyFleet();
        String shared = Fleet.nextAddress();
        long first = Fleet.createProxy(3);
        Fleet.exitIp(first, shared);
        String holder = Fleet.arriveBound("model-exit-a");
        long second = Fleet.createProxy(3);
        // an empty proxy joins an address a model uses
        Fleet.exitIp(second, shared);

        String other = "acc-" + Fleet.nextId();
        Fleet.arrive(other, "model-exit-b");
        assertThat(accounts.pendingCanMove().await().atMost(Duration.ofSeconds(10)))
                .as("the pending sweep sees no room for model-exit-b on the empty proxy of model-exit-a's address").isFalse();
        String sameModel = Fleet.arriveBound("model-exit-a");

        assertThat(proxyOf(other)).as("the empty proxy of the address model-exit-a uses is not for model-exit-b").isNull();
        assertThat(proxyOf(holder)).isIn(first, second);
        assertThat(proxyOf(sameModel)).as("the address's other proxy is for its own model").isIn(first, second);
        long elsewhere = Fleet.createProxy(3);
        awaitSql("SELECT count(*) FROM account WHERE account_id = '" + other + "' AND proxy_id = " + elsewhere, 1);
        assertThat(Fleet.violations()).isZero();
    }

    @Test
    void aProxyWhoseExitIpBecomesAnotherModelsMovesItsAccountsAwayFirst() {
        Fleet.emptyFleet();
        String taken = Fleet.nextAddress();
        long holderProxy = Fleet.createProxy(3);
        String holder = Fleet.arriveBound("model-exit-c");
        Fleet.exitIp(holderProxy, taken);
        long moving = Fleet.createProxy(3);
        String mover = Fleet.arriveBound("model-exit-d");
        Fleet.exitIp(moving, Fleet.nextAddress());
        assertThat(proxyOf(mover)).isEqualTo(moving);
        long spare = Fleet.createProxy(3);

        Fleet.exitIp(moving, taken);

        assertThat(proxyOf(mover)).isEqualTo(spare);
        assertThat(proxyOf(holder)).isEqualTo(holderProxy);
        assertThat(Fleet.sql("SELECT count(*) FROM assignment_history WHERE account_id = '" + mover
                + "' AND action = 'reassigned' AND reason = 'exit_ip_conflict' AND previous_proxy_id = " + moving)).isOne();
        assertThat(Fleet.violations()).isZero();
    }

    @Test
    void accountsGoAlongToANewAddressOfNoModelAndTheChangeIsAudited() {
        Fleet.emptyFleet();
        String before = Fleet.nextAddress();
        String after = Fleet.nextAddress();
        long proxy = Fleet.createProxy(3);
        String account = Fleet.arriveBound("model-exit-e");
        Fleet.exitIp(proxy, before);
        assertThat(Fleet.sql("SELECT count(*) FROM assignment_history WHERE account_id = '" + account
                + "' AND action = 'exit-ip-changed'")).as("the first address read is no change").isZero();

        // The transition carries the exit IP as well: a missed proxy.exit-ip-changed is mended by it.
        TestEvents.publish(EventType.PROXY_HEALTH_CHANGED, new HealthData(proxy, HealthState.HEALTHY, HealthState.DEGRADED,
                900L, 0, 60, null, Instant.now(), false, after, Instant.now()));
        awaitSql("SELECT count(*) FROM proxy WHERE id = " + proxy + " AND exit_ip = '" + after + "'", 1);

        assertThat(proxyOf(account)).isEqualTo(proxy);
        assertThat(Fleet.sql("SELECT count(*) FROM assignment_history WHERE account_id = '" + account
                + "' AND action = 'exit-ip-changed' AND reason = 'exit_ip_changed' AND proxy_id = " + proxy
                + " AND previous_exit_ip = '" + before + "' AND exit_ip = '" + after + "'")).isOne();
        assertThat(Fleet.sql("SELECT account_count FROM exit_ip WHERE address = '" + after + "'")).isOne();
        assertThat(Fleet.sql("SELECT account_count FROM exit_ip WHERE address = '" + before + "'")).isZero();
        assertThat(Fleet.violations()).isZero();
    }

    @Test
    void beyondTheOperatorsLimitOfAnAddressAccountsGoElsewhere() {
        Fleet.emptyFleet();
        String limited = Fleet.nextAddress();
        long[] pair = Fleet.createPairLeavingThroughOneAddress(limited);
        long first = pair[0];
        long second = pair[1];
        Fleet.execute("UPDATE exit_ip SET max_accounts = 2 WHERE address = '" + limited + "'");
        String one = Fleet.arriveBound("model-exit-f");
        String two = Fleet.arriveBound("model-exit-f");

        String three = "acc-" + Fleet.nextId();
        Fleet.arrive(three, "model-exit-f");

        assertThat(proxyOf(one)).isIn(first, second);
        assertThat(proxyOf(two)).isIn(first, second);
        assertThat(proxyOf(three)).as("six places on the two proxies, two on their address").isNull();
        assertThat(Fleet.violations()).isZero();
    }
}
