package dev.proxyfleet.assignment;

import static dev.proxyfleet.assignment.Fleet.proxyOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.proxyfleet.localinfra.FleetTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * With {@code assignment.exit-ip-change-moves-accounts}, a proxy whose exit IP changes loses its accounts as after a
 * failure (reason {@code exit_ip_changed}); its first address read moves nothing.
 */
@QuarkusTest
@WithTestResource(FleetTestResource.class)
@TestProfile(ExitIpChangeMovesAccountsTest.MovesAccounts.class)
class ExitIpChangeMovesAccountsTest {

    public static class MovesAccounts implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("assignment.exit-ip-change-moves-accounts", "true");
        }
    }

    @Test
    void theAccountsOfAProxyWhoseExitIpChangedMoveButNotAtItsFirstAddress() {
        Fleet.emptyFleet();
        long proxy = Fleet.createProxy(3);
        String account = Fleet.arriveBound("model-exit-moves");
        Fleet.exitIp(proxy, Fleet.nextAddress());
        assertThat(proxyOf(account)).as("the first address read is no change").isEqualTo(proxy);
        long spare = Fleet.createProxy(3);

        Fleet.exitIp(proxy, Fleet.nextAddress());

        assertThat(proxyOf(account)).isEqualTo(spare);
        assertThat(Fleet.sql("SELECT count(*) FROM assignment_history WHERE account_id = '" + account
                + "' AND action = 'reassigned' AND reason = 'exit_ip_changed' AND previous_proxy_id = " + proxy)).isOne();
        assertThat(Fleet.violations()).isZero();
    }
}
