package dev.proxyfleet.assignment;

import static dev.proxyfleet.assignment.Fleet.awaitSql;
import static dev.proxyfleet.assignment.Fleet.proxyOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.proxyfleet.contracts.EventType;
import dev.proxyfleet.contracts.HealthState;
import dev.proxyfleet.localinfra.FleetTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * A provider in outage ({@code provider-health}): its proxies that fail keep their accounts, as the provider is down,
 * not they; when the outage ends, those still failed lose them as after any failure. Each assertion follows the
 * awaited state of the event that decided it, which the same transaction wrote.
 */
@QuarkusTest
@WithTestResource(FleetTestResource.class)
class ProviderOutageTest {

    @Test
    void failedProxiesOfAProviderInOutageKeepTheirAccountsAndThoseStillFailedMoveWhenItEnds() {
        Fleet.emptyFleet();
        long provider = Fleet.nextId();
        long stillFailed = Fleet.createProxyOf(provider, 3);
        String first = Fleet.arriveBound("model-outage-a");
        long recovered = Fleet.createProxyOf(provider, 3);
        String second = Fleet.arriveBound("model-outage-b");
        assertThat(proxyOf(first)).isEqualTo(stillFailed);
        assertThat(proxyOf(second)).isEqualTo(recovered);
        long spare = Fleet.createProxyOf(Fleet.nextId(), 3);

        Fleet.outage(EventType.PROVIDER_OUTAGE_STARTED, provider, true);
        Fleet.failProxy(stillFailed);
        Fleet.failProxy(recovered);

        assertThat(proxyOf(first)).isEqualTo(stillFailed);
        assertThat(proxyOf(second)).isEqualTo(recovered);
        Fleet.health(recovered, HealthState.FAILED, HealthState.HEALTHY);
        awaitSql("SELECT count(*) FROM proxy WHERE id = " + recovered + " AND health = 'healthy'", 1);

        Fleet.outage(EventType.PROVIDER_OUTAGE_ENDED, provider, false);

        assertThat(proxyOf(first)).isEqualTo(spare);
        assertThat(Fleet.sql("SELECT count(*) FROM assignment_history WHERE account_id = '" + first
                + "' AND action = 'reassigned' AND reason = 'proxy_failed' AND previous_proxy_id = " + stillFailed)).isOne();
        assertThat(proxyOf(second)).as("a proxy that recovered during the outage keeps its accounts").isEqualTo(recovered);
        assertThat(Fleet.violations()).isZero();
    }

    @Test
    void aFailedProxyOfAProviderNotInOutageLosesItsAccounts() {
        Fleet.emptyFleet();
        long provider = Fleet.nextId();
        long failing = Fleet.createProxyOf(provider, 3);
        String account = Fleet.arriveBound("model-outage-c");
        long spare = Fleet.createProxyOf(provider, 3);
        Fleet.outage(EventType.PROVIDER_OUTAGE_STARTED, provider, true);
        Fleet.outage(EventType.PROVIDER_OUTAGE_ENDED, provider, false);

        Fleet.failProxy(failing);

        assertThat(proxyOf(account)).isEqualTo(spare);
        assertThat(Fleet.violations()).isZero();
    }

    /** A new account keeps off the proxies of a provider in outage while another has room, and takes one when none has. */
    @Test
    void newAccountsKeepOffAProviderInOutageWhileAnotherHasRoom() {
        Fleet.emptyFleet();
        long provider = Fleet.nextId();
        long ofOutage = Fleet.createProxyOf(provider, 1);
        long elsewhere = Fleet.createProxyOf(Fleet.nextId(), 1);
        Fleet.outage(EventType.PROVIDER_OUTAGE_STARTED, provider, true);

        String first = Fleet.arriveBound("model-outage-f");
        String second = Fleet.arriveBound("model-outage-g");

        assertThat(proxyOf(first)).as("the older proxy, but its provider is down").isEqualTo(elsewhere);
        assertThat(proxyOf(second)).as("no other has room").isEqualTo(ofOutage);
        assertThat(Fleet.violations()).isZero();
    }

    /**
     * The race of one batch of probes that fails a proxy and starts its provider's outage: the fall ({@code
     * providerOutage} true) may arrive before {@code provider.outage-started}, on its own topic. It keeps its accounts,
     * and they move when the outage ends.
     */
    @Test
    void aFallJudgedWithTheOutageItStartedKeepsItsAccountsThoughItArrivesFirst() {
        Fleet.emptyFleet();
        long provider = Fleet.nextId();
        long failing = Fleet.createProxyOf(provider, 3);
        String account = Fleet.arriveBound("model-outage-d");
        long spare = Fleet.createProxyOf(Fleet.nextId(), 3);
        Instant judged = Instant.now();

        Fleet.health(failing, HealthState.HEALTHY, HealthState.FAILED, judged, true);
        awaitSql("SELECT count(*) FROM proxy WHERE id = " + failing + " AND health = 'failed'", 1);

        assertThat(proxyOf(account)).as("before the outage's start arrived").isEqualTo(failing);
        Fleet.outage(EventType.PROVIDER_OUTAGE_STARTED, provider, true);
        Fleet.outage(EventType.PROVIDER_OUTAGE_ENDED, provider, false);
        assertThat(proxyOf(account)).isEqualTo(spare);
        assertThat(Fleet.violations()).isZero();
    }

    /** A fall judged during an outage whose end was applied first: the end's sweep did not see it, so it moves. */
    @Test
    void aFallJudgedDuringAnOutageThatArrivesAfterItsEndLosesItsAccounts() {
        Fleet.emptyFleet();
        long provider = Fleet.nextId();
        long failing = Fleet.createProxyOf(provider, 3);
        String account = Fleet.arriveBound("model-outage-e");
        long spare = Fleet.createProxyOf(Fleet.nextId(), 3);
        Instant judged = Instant.now();
        Fleet.outage(EventType.PROVIDER_OUTAGE_STARTED, provider, true);
        Fleet.outage(EventType.PROVIDER_OUTAGE_ENDED, provider, false);

        Fleet.health(failing, HealthState.HEALTHY, HealthState.FAILED, judged, true);

        awaitSql("SELECT count(*) FROM account WHERE account_id = '" + account + "' AND proxy_id = " + spare, 1);
        assertThat(Fleet.violations()).isZero();
    }
}
