package dev.proxyfleet.assignment;

import static dev.proxyfleet.assignment.Fleet.proxyOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.proxyfleet.assignment.engine.AssignmentSettings;
import dev.proxyfleet.contracts.EventType;
import dev.proxyfleet.contracts.SettingsData;
import dev.proxyfleet.localinfra.FleetTestResource;
import dev.proxyfleet.localinfra.TestEvents;
import dev.proxyfleet.messaging.ContractPartitioner;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * The runtime setting {@code exitIpChangeMovesAccounts} published on {@code fleet-settings} takes effect while the
 * service runs (tests start with {@code assignment.exit-ip-change-moves-accounts} off): on, a proxy whose exit IP
 * changes loses its accounts as after a failure (reason {@code exit_ip_changed}), though not at its first address
 * read; off again, they go along. A record without it brings the start-up default back, as later tests expect.
 */
@QuarkusTest
@WithTestResource(FleetTestResource.class)
class LiveSettingsTest {

    /** Versions only rise, across the tests of this JVM. */
    private static final AtomicLong VERSION = new AtomicLong(System.currentTimeMillis());

    @Inject
    AssignmentSettings settings;

    @Test
    void anExitIpChangeMovesAccountsWhileTheSettingIsOnAndTheyGoAlongOnceItIsOff() {
        Fleet.emptyFleet();
        long proxy = Fleet.createProxy(3);
        String account = Fleet.arriveBound("model-exit-moves");
        try {
            publish(true);
            Fleet.exitIp(proxy, Fleet.nextAddress());
            assertThat(proxyOf(account)).as("the first address read is no change").isEqualTo(proxy);
            long spare = Fleet.createProxy(3);

            Fleet.exitIp(proxy, Fleet.nextAddress());

            assertThat(proxyOf(account)).isEqualTo(spare);
            assertThat(Fleet.sql("SELECT count(*) FROM assignment_history WHERE account_id = '" + account
                    + "' AND action = 'reassigned' AND reason = 'exit_ip_changed' AND previous_proxy_id = " + proxy))
                    .isOne();

            publish(false);
            Fleet.exitIp(spare, Fleet.nextAddress());
            Fleet.createProxy(3);
            String after = Fleet.nextAddress();

            Fleet.exitIp(spare, after);

            assertThat(proxyOf(account)).as("another proxy has room, yet the account goes along").isEqualTo(spare);
            assertThat(Fleet.sql("SELECT count(*) FROM assignment_history WHERE account_id = '" + account
                    + "' AND action = 'exit-ip-changed' AND proxy_id = " + spare + " AND exit_ip = '" + after + "'"))
                    .isOne();
            assertThat(Fleet.violations()).isZero();
        } finally {
            publish(null);
        }
    }

    /** Publishes the setting (null: absent, the start-up default) and waits until this service applies it. */
    private void publish(Boolean exitIpChangeMovesAccounts) {
        TestEvents.publish(EventType.SETTINGS_CHANGED, new SettingsData(null, null, null, null, null, null, null, null,
                null, null, null, null, exitIpChangeMovesAccounts, VERSION.incrementAndGet(), "test-admin",
                Instant.now()), ContractPartitioner.SETTINGS_PARTITION);
        boolean expected = exitIpChangeMovesAccounts != null && exitIpChangeMovesAccounts;
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> settings.exitIpChangeMovesAccounts() == expected);
    }
}
