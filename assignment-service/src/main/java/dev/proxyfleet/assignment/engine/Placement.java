package dev.proxyfleet.assignment.engine;

import static dev.proxyfleet.contracts.EventType.ASSIGNMENT_ASSIGNED;
import static dev.proxyfleet.contracts.EventType.ASSIGNMENT_PENDING;
import static dev.proxyfleet.contracts.EventType.ASSIGNMENT_REASSIGNED;
import static dev.proxyfleet.contracts.EventType.ASSIGNMENT_RELEASED;

import dev.proxyfleet.assignment.engine.AssignmentPolicy.Decision;
import dev.proxyfleet.contracts.AssignmentData;
import dev.proxyfleet.contracts.AssignmentReason;
import dev.proxyfleet.messaging.Tx;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Where accounts go: locks the candidates, lets the configured {@link AssignmentPolicy} decide, and binds, moves or
 * parks accounts accordingly, each change recorded. The database triggers re-check every rule on the bind itself.
 */
@ApplicationScoped
public class Placement {

    private static final long NONE = -1;

    private final AccountStore accounts;
    private final ProxyStore proxies;
    private final Recorder recorder;
    private final AssignmentPolicy policy;
    private final int reserve;

    public Placement(AccountStore accounts, ProxyStore proxies, Recorder recorder, AssignmentConfig config) {
        this.accounts = accounts;
        this.proxies = proxies;
        this.recorder = recorder;
        this.policy = config.policy();
        this.reserve = config.emptyReserve();
    }

    /**
     * A proxy with room for this model, other than {@code excluded}, locked for the transaction: one of a provider not
     * in outage when there is one (an account placed on a provider that is down would only move again), else any.
     * Rows locked by concurrent assigners are skipped; when every candidate is locked it waits for one rather than
     * report no capacity. Enough empty proxies to see the reserve are locked; the reserve counts those others have not
     * locked.
     */
    public Uni<Optional<Long>> candidate(Tx tx, String modelId, Long excluded) {
        long skip = excluded == null ? NONE : excluded;
        return choose(tx, modelId, skip, true)
                .chain(spared -> spared.isPresent() ? Uni.createFrom().item(spared) : choose(tx, modelId, skip, false))
                .chain(free -> free.isPresent() ? Uni.createFrom().item(free) : proxies.awaitCandidate(tx, modelId, skip));
    }

    private Uni<Optional<Long>> choose(Tx tx, String modelId, long skip, boolean spareOutages) {
        return proxies.lockEmpty(tx, skip, 1 + reserve, new String[] {modelId}, spareOutages)
                .chain(empty -> proxies.lockBestOfModel(tx, modelId, skip, spareOutages).map(used -> concat(empty, used)))
                .map(found -> policy.choose(modelId, found, reserve).map(Candidate::id));
    }

    /**
     * Creates new accounts of any number of models, bound by policy, in a handful of statements: enough empty proxies
     * for all of them (and the reserve) and enough proxies of each model are locked in two queries and shared out by
     * the policy, and each account row is inserted with its proxy (the bind trigger checks every rule on the insert).
     * Only proxies of providers not in outage are shared out; accounts whose model has no room anywhere, locked or not,
     * are inserted pending in the same statement, so the waiting path costs as few statements as the assigning one.
     * The others for which no unlocked room was found (room of providers in outage among them) go through
     * {@link #place}, which waits for the locked rows. A concurrent creation of the same account fails the
     * insert on its primary key; the caller's retry then finds the account known.
     */
    public Uni<Void> createAll(Tx tx, List<Account> fresh, String actor) {
        Map<String, Integer> wanted = new LinkedHashMap<>();
        fresh.forEach(account -> wanted.merge(account.modelId(), 1, Integer::sum));
        String[] models = wanted.keySet().toArray(String[]::new);
        return proxies.lockEmpty(tx, NONE, fresh.size() + reserve, models, true)
                .chain(empty -> proxies.lockOfModels(tx, models, wanted.values().toArray(Integer[]::new), true)
                        .map(used -> concat(empty, used)))
                .chain(candidates -> {
                    List<Decision> decisions = withinExitIps(policy.shareOut(fresh, candidates, reserve));
                    return withRoom(tx, decisions, candidates).chain(withRoom -> bindAll(tx, decisions, withRoom, actor));
                });
    }

    /**
     * The decisions, but for those that would break a rule of an exit IP, undone: the policy shares out proxies, not
     * addresses, so two empty proxies of one address may have gone to two models, or more accounts to an address than
     * its limit. An undone account goes through {@link #place}, which looks again at the address as it is then (and
     * the bind trigger would refuse the rule's breach anyway).
     */
    static List<Decision> withinExitIps(List<Decision> decisions) {
        Map<String, String> models = new HashMap<>();
        Map<String, Integer> room = new HashMap<>();
        List<Decision> kept = new ArrayList<>(decisions.size());
        for (Decision decision : decisions) {
            Candidate proxy = decision.proxy();
            String address = proxy == null ? null : proxy.exitIp();
            String model = decision.account().modelId();
            int left = address == null ? 1 : room.getOrDefault(address, proxy.exitIpRoom());
            if (address == null || models.getOrDefault(address, model).equals(model) && left > 0) {
                kept.add(decision);
                if (address != null) {
                    models.put(address, model);
                    room.put(address, left - 1);
                }
            } else {
                kept.add(new Decision(decision.account(), null));
            }
        }
        return kept;
    }

    /**
     * The models of the unplaced accounts that have room on a proxy other than the candidates the batch was shared
     * out (none of which fits them any more); not asked when every account was placed.
     */
    private Uni<Set<String>> withRoom(Tx tx, List<Decision> decisions, List<Candidate> candidates) {
        String[] unplacedModels = decisions.stream().filter(decision -> !decision.placed())
                .map(decision -> decision.account().modelId()).distinct().toArray(String[]::new);
        return unplacedModels.length == 0 ? Uni.createFrom().item(Set.of())
                : proxies.withRoom(tx, unplacedModels, candidates.stream().map(Candidate::id).toArray(Long[]::new));
    }

    private Uni<Void> bindAll(Tx tx, List<Decision> decisions, Set<String> withRoom, String actor) {
        List<AssignmentData> bound = new ArrayList<>(decisions.size());
        List<AssignmentData> waiting = new ArrayList<>();
        List<Account> unplaced = new ArrayList<>();
        Long[] proxyIds = new Long[decisions.size()];
        Boolean[] pending = new Boolean[decisions.size()];
        Instant at = Recorder.now();
        for (int i = 0; i < decisions.size(); i++) {
            Decision decision = decisions.get(i);
            Account account = decision.account();
            pending[i] = !decision.placed() && !withRoom.contains(account.modelId());
            if (decision.placed()) {
                proxyIds[i] = decision.proxy().id();
                bound.add(new AssignmentData(account.accountId(), account.modelId(), proxyIds[i], null,
                        AssignmentReason.AUTOMATIC, decision.proxy().accounts(), at));
            } else if (pending[i]) {
                waiting.add(new AssignmentData(account.accountId(), account.modelId(), null, null,
                        AssignmentReason.NO_CAPACITY, null, at));
            } else {
                unplaced.add(account);
            }
        }
        return accounts.insertAll(tx, decisions.stream().map(Decision::account).toList(), proxyIds, pending)
                .chain(() -> recorder.recordAll(tx, ASSIGNMENT_ASSIGNED, bound, actor))
                .chain(() -> recorder.recordAll(tx, ASSIGNMENT_PENDING, waiting, actor))
                .chain(() -> Tx.each(unplaced, account -> place(tx, account, AssignmentReason.AUTOMATIC, actor)));
    }

    /** Binds an unbound active account by policy, or records it as pending (once) when nothing has room. */
    public Uni<Boolean> place(Tx tx, Account account, AssignmentReason reason, String actor) {
        String accountId = account.accountId();
        return candidate(tx, account.modelId(), null).chain(target -> {
            if (target.isPresent()) {
                return accounts.bind(tx, accountId, target.get())
                        .chain(() -> recorder.record(tx, ASSIGNMENT_ASSIGNED, accountId, account.modelId(), target.get(), null,
                                reason, actor))
                        .replaceWith(true);
            }
            if (account.pending()) {
                return Uni.createFrom().item(false);
            }
            return accounts.enqueue(tx, accountId)
                    .chain(() -> recorder.record(tx, ASSIGNMENT_PENDING, accountId, account.modelId(), null, null,
                            AssignmentReason.NO_CAPACITY, actor))
                    .replaceWith(false);
        });
    }

    /**
     * Moves a bound account (possibly to a new model) to another proxy within the rules, or releases it to pending.
     * Refilling the proxy it left is the caller's decision: a proxy that is going away must not take anyone.
     */
    public Uni<Void> move(Tx tx, Account account, String modelId, AssignmentReason reason, String actor) {
        String accountId = account.accountId();
        Long from = account.proxyId();
        return candidate(tx, modelId, from).chain(target -> target.isPresent()
                ? accounts.move(tx, accountId, modelId, target.get())
                        .chain(() -> recorder.record(tx, ASSIGNMENT_REASSIGNED, accountId, modelId, target.get(), from, reason, actor))
                : accounts.unbindToQueue(tx, accountId, modelId)
                        .chain(() -> recorder.record(tx, ASSIGNMENT_RELEASED, accountId, modelId, from, null, reason, actor))
                        .chain(() -> recorder.record(tx, ASSIGNMENT_PENDING, accountId, modelId, null, from,
                                AssignmentReason.NO_CAPACITY, actor)));
    }

    /** Moves every account off a proxy (deleted, disabled, failed, or an operator's request); answers how many. */
    public Uni<Integer> moveAllOff(Tx tx, long proxyId, AssignmentReason reason, String actor) {
        return accounts.lockBoundTo(tx, proxyId, false).chain(bound ->
                Tx.each(bound, account -> move(tx, account, account.modelId(), reason, actor)).replaceWith(bound.size()));
    }

    /** Moves the most recently bound accounts off a proxy until at most {@code keep} remain. */
    public Uni<Void> moveExcess(Tx tx, long proxyId, int keep, AssignmentReason reason) {
        return accounts.lockBoundTo(tx, proxyId, true).chain(bound -> Tx.each(bound.subList(Math.min(keep, bound.size()),
                bound.size()), account -> move(tx, account, account.modelId(), reason, Recorder.SYSTEM)));
    }

    /** Capacity appeared on a proxy: it takes pending accounts that fit, oldest first, while it has room. */
    public Uni<Void> fillFromPending(Tx tx, long proxyId) {
        return Multi.createBy().repeating().uni(() -> fillOne(tx, proxyId)).whilst(filled -> filled)
                .collect().last().replaceWithVoid();
    }

    /** Binds the oldest pending account that fits, if the proxy has room; answers whether it did. */
    private Uni<Boolean> fillOne(Tx tx, long proxyId) {
        Uni<Optional<Account>> next = proxies.lockIfEligible(tx, proxyId).chain(model -> model.isEmpty()
                ? Uni.createFrom().item(Optional.empty()) : accounts.lockOldestPending(tx, model.get()));
        return next.chain(found -> {
            if (found.isEmpty()) {
                return Uni.createFrom().item(false);
            }
            Account account = found.get();
            return accounts.bind(tx, account.accountId(), proxyId)
                    .chain(() -> recorder.record(tx, ASSIGNMENT_ASSIGNED, account.accountId(), account.modelId(), proxyId, null,
                            AssignmentReason.AUTOMATIC, Recorder.SYSTEM))
                    .replaceWith(true);
        });
    }

    private static List<Candidate> concat(List<Candidate> first, List<Candidate> second) {
        List<Candidate> all = new ArrayList<>(first);
        all.addAll(second);
        return all;
    }
}
