package dev.proxyfleet.assignment.engine;

import dev.proxyfleet.assignment.engine.ProxyStore.Known;
import dev.proxyfleet.contracts.AssignmentReason;
import dev.proxyfleet.contracts.EgressData;
import dev.proxyfleet.contracts.HealthData;
import dev.proxyfleet.contracts.HealthState;
import dev.proxyfleet.contracts.ProviderOutageData;
import dev.proxyfleet.contracts.ProxyData;
import dev.proxyfleet.messaging.Tx;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Locale;

/**
 * This service's own view of the fleet, built from {@code proxy-inventory}, {@code proxy-health} and
 * {@code provider-health}. A change that takes capacity away moves accounts first (the capacity CHECK would refuse the
 * change otherwise); a change that adds capacity lets pending accounts in. Every method works in the transaction it
 * is given.
 */
@ApplicationScoped
public class FleetProjection {

    private final ProxyStore proxies;
    private final Placement placement;
    private final ProviderOutageStore outages;
    private final HistoryStore history;
    private final AssignmentSettings settings;

    public FleetProjection(ProxyStore proxies, Placement placement, ProviderOutageStore outages, HistoryStore history,
            AssignmentSettings settings) {
        this.proxies = proxies;
        this.placement = placement;
        this.outages = outages;
        this.history = history;
        this.settings = settings;
    }

    /** A proxy's new state; an older version than the one applied is ignored. */
    public Uni<Void> proxyChanged(Tx tx, ProxyData proxy, boolean deleted) {
        return proxies.lock(tx, proxy.id()).chain(found -> {
            if (found.isPresent() && proxy.version() <= found.get().version()) {
                return Uni.createFrom().voidItem();
            }
            return applied(tx, proxy, deleted, found.orElse(null)).chain(() -> placement.fillFromPending(tx, proxy.id()));
        });
    }

    private Uni<Void> applied(Tx tx, ProxyData proxy, boolean deleted, Known known) {
        if (known == null) {
            return proxies.insert(tx, proxy, deleted);
        }
        if (deleted || !proxy.enabled()) {
            // Ineligible first, so that no account is placed back on it while its accounts move away.
            AssignmentReason reason = deleted ? AssignmentReason.PROXY_DELETED : AssignmentReason.PROXY_DISABLED;
            return proxies.updateFromInventory(tx, proxy, deleted, Math.max(proxy.maxAccounts(), known.maxAccounts()))
                    .chain(() -> placement.moveAllOff(tx, proxy.id(), reason, Recorder.SYSTEM))
                    .chain(() -> proxies.updateFromInventory(tx, proxy, deleted, proxy.maxAccounts()));
        }
        // Excess accounts leave before the lower limit is stored: the capacity CHECK allows no other order.
        return placement.moveExcess(tx, proxy.id(), proxy.maxAccounts(), AssignmentReason.AUTOMATIC)
                .chain(() -> proxies.updateFromInventory(tx, proxy, false, proxy.maxAccounts()));
    }

    /**
     * A health transition. Failed proxies lose their accounts, unless their provider is in outage (then the provider
     * is down, not the proxy, and moving all of its accounts at once helps none: they stay, and move when the outage
     * ends if the proxy is still failed). The event says whether it was ({@code providerOutage}), as the outage that
     * the same probes started may reach this service after the fall ({@link ProviderOutageStore#keepsAccounts}). A
     * recovered one takes pending accounts. Degraded proxies keep theirs:
     * accounts do not hop without cause. Health of a proxy not yet in the inventory is kept on a disabled placeholder
     * until its inventory event arrives. The exit IP the transition carries is then applied as {@link #exitIpRead}
     * does, so that one missed {@code proxy.exit-ip-changed} is mended by the proxy's next transition.
     */
    public Uni<Void> healthChanged(Tx tx, HealthData health) {
        Uni<Void> changed = healthApplied(tx, health);
        // the row is locked (or its placeholder written) by healthApplied already
        return health.exitIp() == null ? changed : changed.chain(() -> exitIpApplied(tx, health.proxyId(), health.exitIp()));
    }

    private Uni<Void> healthApplied(Tx tx, HealthData health) {
        String state = health.to().name().toLowerCase(Locale.ROOT);
        long proxyId = health.proxyId();
        return proxies.lock(tx, proxyId).chain(found -> {
            if (found.isEmpty()) {
                return proxies.insertPlaceholder(tx, proxyId, state);
            }
            boolean wasFailed = found.get().health().equals("failed");
            return proxies.changeHealth(tx, proxyId, state).chain(() -> {
                if (health.to() == HealthState.FAILED && !wasFailed) {
                    return outages.keepsAccounts(tx, proxyId, health).chain(keeps -> keeps
                            ? Uni.createFrom().voidItem()
                            : placement.moveAllOff(tx, proxyId, AssignmentReason.PROXY_FAILED, Recorder.SYSTEM)
                                    .replaceWithVoid());
                }
                return wasFailed ? placement.fillFromPending(tx, proxyId) : Uni.createFrom().voidItem();
            });
        });
    }

    /**
     * The exit IP health-service read for a proxy becomes the proxy's; the one it has already changes nothing. Its
     * accounts go along to the new address (and each gets an audit entry, {@code exit-ip-changed}, but for a proxy's
     * first address read), unless that address is another model's or has no room for them all: then they move to
     * other proxies first ({@code exit_ip_conflict}), the address's rules allowing nothing else. While
     * {@link AssignmentSettings#exitIpChangeMovesAccounts} is on they move whenever a known address changes
     * ({@code exit_ip_changed}). The proxy then takes pending accounts its new address admits. A proxy not yet in the
     * inventory gets a disabled placeholder.
     */
    public Uni<Void> exitIpRead(Tx tx, long proxyId, String address) {
        return proxies.lock(tx, proxyId)
                .chain(found -> found.isPresent() ? Uni.createFrom().voidItem()
                        : proxies.insertPlaceholder(tx, proxyId, HealthState.UNKNOWN.name().toLowerCase(Locale.ROOT)))
                .chain(() -> exitIpApplied(tx, proxyId, address));
    }

    /** {@link #exitIpRead} on a proxy whose row this transaction holds already. */
    private Uni<Void> exitIpApplied(Tx tx, long proxyId, String address) {
        return proxies.exitIpMove(tx, proxyId, address)
                .chain(move -> {
                    if (address.equals(move.from())) {
                        return Uni.createFrom().voidItem();
                    }
                    AssignmentReason reason = !move.fits() ? AssignmentReason.EXIT_IP_CONFLICT
                            : settings.exitIpChangeMovesAccounts() && move.from() != null
                                    ? AssignmentReason.EXIT_IP_CHANGED : null;
                    Uni<Integer> moved = reason == null || move.accounts() == 0 ? Uni.createFrom().item(0)
                            : placement.moveAllOff(tx, proxyId, reason, Recorder.SYSTEM);
                    return moved.chain(() -> proxies.changeExitIp(tx, proxyId, address))
                            .chain(() -> move.from() == null ? Uni.createFrom().voidItem()
                                    : history.appendExitIpChanged(tx, proxyId, move.from(), address))
                            .chain(() -> placement.fillFromPending(tx, proxyId));
                });
    }

    /**
     * A provider's outage started or ended; an older record than the one applied is ignored. At the end, its proxies
     * still failed lose their accounts as after any failure; those that recovered meanwhile keep them. While our
     * egress is down nothing moves: its return does that.
     */
    public Uni<Void> outageChanged(Tx tx, ProviderOutageData outage, boolean inOutage) {
        return outages.record(tx, outage, inOutage).chain(applied -> applied && !inOutage
                ? outages.egressDown(tx).chain(egressDown -> egressDown ? Uni.createFrom().voidItem()
                        : moveOff(tx, proxies.failedWithAccounts(tx, outage.providerId())))
                : Uni.createFrom().voidItem());
    }

    /**
     * Our egress went down or came back; an older record than the one applied is ignored. While it is down every fall
     * keeps its accounts; when it is back, the failed proxies lose theirs as after any failure, but for those of
     * providers still in outage, which keep them until their own outage ends.
     */
    public Uni<Void> egressChanged(Tx tx, EgressData egress, boolean down) {
        ProviderOutageData row = new ProviderOutageData(ProviderOutageStore.EGRESS, egress.failedShare(), egress.at());
        return outages.record(tx, row, down).chain(applied -> applied && !down
                ? moveOff(tx, proxies.failedWithAccountsOutsideOutages(tx)) : Uni.createFrom().voidItem());
    }

    private Uni<Void> moveOff(Tx tx, Uni<List<Long>> failed) {
        return failed.chain(ids -> Tx.each(ids,
                proxyId -> placement.moveAllOff(tx, proxyId, AssignmentReason.PROXY_FAILED, Recorder.SYSTEM)));
    }
}
