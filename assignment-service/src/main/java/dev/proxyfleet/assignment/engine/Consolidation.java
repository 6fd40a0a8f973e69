package dev.proxyfleet.assignment.engine;

import static dev.proxyfleet.contracts.EventType.ASSIGNMENT_REASSIGNED;

import dev.proxyfleet.assignment.engine.ConsolidationPlan.Freed;
import dev.proxyfleet.assignment.engine.ConsolidationPlan.Move;
import dev.proxyfleet.contracts.AssignmentData;
import dev.proxyfleet.contracts.AssignmentReason;
import dev.proxyfleet.messaging.Tx;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Frees whole proxies for models that wait, by moving accounts onto their model's other proxies, as a
 * {@link ConsolidationPlan} proposes within the rules of exit IPs, so that the bind trigger accepts every move. A moved
 * account leaves through another IP, so this runs only when an operator asks: as a dry run, which changes nothing, or
 * applied, each move recorded with the operator as actor (reason {@code manual}) and the freed proxies then filled from
 * the queue as any new capacity is.
 */
@ApplicationScoped
public class Consolidation {

    /** What a consolidation proposes or did; {@code assigned} counts the waiting accounts the freed proxies took. */
    public record Outcome(boolean dryRun, int moves, long assigned, List<FreedProxy> freed) {
    }

    /** A proxy freed (or to free) for a model, and the moves that empty it. */
    public record FreedProxy(long proxyId, String modelId, int maxAccounts, String forModelId, List<Move> moves) {
    }

    private final AccountStore accounts;
    private final ProxyStore proxies;
    private final Placement placement;
    private final Recorder recorder;

    public Consolidation(AccountStore accounts, ProxyStore proxies, Placement placement, Recorder recorder) {
        this.accounts = accounts;
        this.proxies = proxies;
        this.placement = placement;
        this.recorder = recorder;
    }

    /** The moves that would free proxies for the waiting models now; nothing is locked or changed. */
    public Uni<Outcome> propose(Tx tx) {
        return plan(tx).chain(plan -> withAccounts(tx, plan)).map(freed -> new Outcome(true, moves(freed), 0, freed));
    }

    /**
     * Plans and applies the moves in this transaction. The proxies of the plan are locked first (no account can join
     * or leave them then), then their exit IPs, and both must still be as planned; otherwise nothing moves and
     * {@link AssignmentConflictException} says so.
     */
    public Uni<Outcome> apply(Tx tx, String actor) {
        return plan(tx).chain(plan -> lockAsPlanned(tx, plan).chain(() -> withAccounts(tx, plan)))
                .chain(freed -> move(tx, freed, actor).chain(() -> fill(tx, freed))
                        .map(assigned -> new Outcome(false, moves(freed), assigned, freed)));
    }

    private Uni<Void> lockAsPlanned(Tx tx, ConsolidationPlan plan) {
        Long[] ids = plan.proxies().stream().map(ConsolidationPlan.Proxy::id).toArray(Long[]::new);
        String[] addresses = plan.addresses().stream().map(ConsolidationPlan.Address::address).toArray(String[]::new);
        return proxies.lockUsed(tx, ids).invoke(locked -> asPlanned(locked, plan.proxies()))
                .chain(() -> proxies.lockAddresses(tx, addresses)).invoke(locked -> asPlanned(locked, plan.addresses()))
                .replaceWithVoid();
    }

    private static void asPlanned(List<?> locked, Set<?> planned) {
        if (!new HashSet<>(locked).equals(planned)) {
            throw new AssignmentConflictException("the fleet changed while the consolidation was planned; nothing was "
                    + "moved, ask again");
        }
    }

    /** The queue takes the freed proxies, as it takes any new capacity; answers how many accounts they hold then. */
    private Uni<Long> fill(Tx tx, List<FreedProxy> freed) {
        Long[] ids = freed.stream().map(FreedProxy::proxyId).toArray(Long[]::new);
        return Tx.each(List.of(ids), proxyId -> placement.fillFromPending(tx, proxyId)).chain(() -> proxies.accountsOn(tx, ids));
    }

    private Uni<ConsolidationPlan> plan(Tx tx) {
        return accounts.waitingModels(tx).chain(waiting -> proxies.used(tx).chain(used -> proxies.usedAddresses(tx)
                .map(addresses -> ConsolidationPlan.of(used, addresses, waiting))));
    }

    /** The plan with the accounts that move: each freed proxy's accounts, in id order, handed to its transfers. */
    private Uni<List<FreedProxy>> withAccounts(Tx tx, ConsolidationPlan plan) {
        Long[] freedIds = plan.freed().stream().map(freed -> freed.proxy().id()).toArray(Long[]::new);
        return accounts.boundTo(tx, freedIds).map(bound -> plan.freed().stream().map(freed -> freedProxy(freed, bound)).toList());
    }

    private static FreedProxy freedProxy(Freed freed, Map<Long, List<String>> bound) {
        ConsolidationPlan.Proxy proxy = freed.proxy();
        return new FreedProxy(proxy.id(), proxy.modelId(), proxy.maxAccounts(), freed.forModelId(),
                freed.moves(bound.getOrDefault(proxy.id(), List.of())));
    }

    /** Every move in one statement (the bind trigger checks each), recorded as reassignments by the operator. */
    private Uni<Void> move(Tx tx, List<FreedProxy> freed, String actor) {
        Instant at = Recorder.now();
        List<AssignmentData> changes = freed.stream().flatMap(proxy -> proxy.moves().stream().map(move ->
                new AssignmentData(move.accountId(), proxy.modelId(), move.toProxyId(), move.fromProxyId(),
                        AssignmentReason.MANUAL, move.toProxyAccounts(), at))).toList();
        if (changes.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return accounts.moveAll(tx, changes.stream().map(AssignmentData::accountId).toArray(String[]::new),
                        changes.stream().map(AssignmentData::proxyId).toArray(Long[]::new))
                .chain(() -> recorder.recordAll(tx, ASSIGNMENT_REASSIGNED, changes, actor));
    }

    private static int moves(List<FreedProxy> freed) {
        return freed.stream().mapToInt(proxy -> proxy.moves().size()).sum();
    }
}
