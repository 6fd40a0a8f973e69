package dev.proxyfleet.assignment.engine;

import dev.proxyfleet.contracts.AssignmentReason;
import dev.proxyfleet.contracts.HealthData;
import dev.proxyfleet.contracts.HealthState;
import dev.proxyfleet.contracts.ProxyData;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.Locale;
import java.util.Optional;

/**
 * This service's own view of the fleet, built from {@code proxy-inventory} and {@code proxy-health}. A change
 * that takes capacity away moves accounts first (the capacity CHECK would refuse the change otherwise); a change
 * that adds capacity lets pending accounts in.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class FleetProjection {

    private record Known(int maxAccounts, long version, String health) {
    }

    private final Db db;
    private final Placement placement;

    public FleetProjection(Db db, Placement placement) {
        this.db = db;
        this.placement = placement;
    }

    /** A proxy's new state; an older version than the one applied is ignored. */
    public void proxyChanged(ProxyData proxy, boolean deleted) {
        Optional<Known> known = lock(proxy.id());
        if (known.isPresent() && proxy.version() <= known.get().version()) {
            return;
        }
        if (known.isEmpty()) {
            db.update("INSERT INTO proxy (id, enabled, deleted, max_accounts, priority, location, provider_id, inventory_version) "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?, ?)", proxy.id(), proxy.enabled(), deleted, proxy.maxAccounts(),
                    proxy.priority(), proxy.location(), proxy.providerId(), proxy.version());
        } else if (deleted || !proxy.enabled()) {
            // Ineligible first, so that no account is placed back on it while its accounts move away.
            update(proxy, deleted, Math.max(proxy.maxAccounts(), known.get().maxAccounts()));
            placement.moveAllOff(proxy.id(), deleted ? AssignmentReason.PROXY_DELETED : AssignmentReason.PROXY_DISABLED, Recorder.SYSTEM);
            update(proxy, deleted, proxy.maxAccounts());
        } else {
            // Excess accounts leave before the lower limit is stored: the capacity CHECK allows no other order.
            placement.moveExcess(proxy.id(), proxy.maxAccounts(), AssignmentReason.AUTOMATIC);
            update(proxy, false, proxy.maxAccounts());
        }
        placement.fillFromPending(proxy.id());
    }

    private void update(ProxyData proxy, boolean deleted, int maxAccounts) {
        db.update("UPDATE proxy SET enabled = ?, deleted = ?, max_accounts = ?, priority = ?, location = ?, provider_id = ?, "
                + "inventory_version = ? WHERE id = ?", proxy.enabled() && !deleted, deleted, maxAccounts, proxy.priority(),
                proxy.location(), proxy.providerId(), proxy.version(), proxy.id());
    }

    /**
     * A health transition. Failed proxies lose their accounts; a recovered one takes pending accounts. Degraded
     * proxies keep theirs: accounts do not hop without cause. Health of a proxy not yet in the inventory is kept
     * on a disabled placeholder until its inventory event arrives.
     */
    public void healthChanged(HealthData health) {
        String state = health.to().name().toLowerCase(Locale.ROOT);
        Optional<Known> known = lock(health.proxyId());
        if (known.isEmpty()) {
            db.update("INSERT INTO proxy (id, enabled, max_accounts, health) VALUES (?, FALSE, 1, ?)", health.proxyId(), state);
            return;
        }
        boolean wasFailed = known.get().health().equals("failed");
        db.update("UPDATE proxy SET health = ? WHERE id = ?", state, health.proxyId());
        if (health.to() == HealthState.FAILED && !wasFailed) {
            placement.moveAllOff(health.proxyId(), AssignmentReason.PROXY_FAILED, Recorder.SYSTEM);
        } else if (wasFailed) {
            placement.fillFromPending(health.proxyId());
        }
    }

    private Optional<Known> lock(long proxyId) {
        return db.queryOne("SELECT max_accounts, inventory_version, health FROM proxy WHERE id = ? FOR UPDATE",
                rs -> new Known(rs.getInt(1), rs.getLong(2), rs.getString(3)), proxyId);
    }
}
