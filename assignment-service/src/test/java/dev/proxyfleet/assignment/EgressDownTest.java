package dev.proxyfleet.assignment;

import static dev.proxyfleet.assignment.Fleet.awaitSql;
import static dev.proxyfleet.assignment.Fleet.proxyOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.proxyfleet.contracts.EgressData;
import dev.proxyfleet.contracts.EventType;
import dev.proxyfleet.contracts.HealthState;
import dev.proxyfleet.localinfra.FleetTestResource;
import dev.proxyfleet.localinfra.TestEvents;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * Our own egress down ({@code egress.down} on {@code provider-health}): no fall moves an account, whatever its provider
 * or event says, and neither does the end of a provider's outage; once it is restored, the proxies still failed lose
 * their accounts, but for those of a provider still in outage. Each assertion follows the awaited state of the event
 * that decided it, which the same transaction wrote.
 */
@QuarkusTest
@WithTestResource(FleetTestResource.class)
class EgressDownTest {

    @Test
    void nothingMovesWhileOurEgressIsDownAndTheProxiesStillFailedMoveOnceItIsBack() {
        Fleet.emptyFleet();
        long down = Fleet.nextId();
        long stillDown = Fleet.nextId();
        long alone = Fleet.createProxyOf(null, 3);
        String onAlone = Fleet.arriveBound("model-egress-a");
        long ofEnded = Fleet.createProxyOf(down, 3);
        String onEnded = Fleet.arriveBound("model-egress-b");
        long ofStillDown = Fleet.createProxyOf(stillDown, 3);
        String onStillDown = Fleet.arriveBound("model-egress-c");
        long recovering = Fleet.createProxyOf(Fleet.nextId(), 3);
        String onRecovering = Fleet.arriveBound("model-egress-d");
        long spare = Fleet.createProxyOf(Fleet.nextId(), 3);
        long otherSpare = Fleet.createProxyOf(Fleet.nextId(), 3);
        try {
            Fleet.outage(EventType.PROVIDER_OUTAGE_STARTED, down, true);
            Fleet.outage(EventType.PROVIDER_OUTAGE_STARTED, stillDown, true);
            egress(EventType.EGRESS_DOWN, true);

            // A fall without the flag (a client's reports), a flagged one, and those of providers in outage.
            Fleet.failProxy(alone);
            Fleet.health(recovering, HealthState.HEALTHY, HealthState.FAILED, Instant.now(), true);
            awaitSql("SELECT count(*) FROM proxy WHERE id = " + recovering + " AND health = 'failed'", 1);
            Fleet.failProxy(ofEnded);
            Fleet.failProxy(ofStillDown);
            Fleet.outage(EventType.PROVIDER_OUTAGE_ENDED, down, false);

            assertThat(proxyOf(onAlone)).isEqualTo(alone);
            assertThat(proxyOf(onRecovering)).isEqualTo(recovering);
            assertThat(proxyOf(onEnded)).as("a provider's outage that ended while the egress is down").isEqualTo(ofEnded);
            assertThat(proxyOf(onStillDown)).isEqualTo(ofStillDown);
            Fleet.health(recovering, HealthState.FAILED, HealthState.HEALTHY);
            awaitSql("SELECT count(*) FROM proxy WHERE id = " + recovering + " AND health = 'healthy'", 1);

            egress(EventType.EGRESS_RESTORED, false);

            // one model per proxy: one spare each
            assertThat(proxyOf(onAlone)).isIn(spare, otherSpare);
            assertThat(proxyOf(onEnded)).isIn(spare, otherSpare).isNotEqualTo(proxyOf(onAlone));
            assertThat(Fleet.sql("SELECT count(*) FROM assignment_history WHERE account_id IN ('" + onAlone + "', '"
                    + onEnded + "') AND action = 'reassigned' AND reason = 'proxy_failed'")).isEqualTo(2);
            assertThat(proxyOf(onStillDown)).as("a provider still in outage").isEqualTo(ofStillDown);
            assertThat(proxyOf(onRecovering)).as("a proxy that recovered meanwhile").isEqualTo(recovering);
            assertThat(Fleet.violations()).isZero();
        } finally {
            // Other tests share the database: they must not run with our egress held down.
            egress(EventType.EGRESS_RESTORED, false);
            Fleet.outage(EventType.PROVIDER_OUTAGE_ENDED, stillDown, false);
        }
    }

    private static void egress(EventType type, boolean down) {
        TestEvents.publish(type, new EgressData(down ? 0.9 : 0.1, Instant.now()));
        awaitSql("SELECT count(*) FROM provider_outage WHERE provider_id = 0 AND in_outage = " + down, 1);
    }
}
