package dev.proxyfleet.assignment.engine;

import static dev.proxyfleet.contracts.EventType.ASSIGNMENT_ASSIGNED;
import static dev.proxyfleet.contracts.EventType.ASSIGNMENT_PENDING;
import static dev.proxyfleet.contracts.EventType.ASSIGNMENT_REASSIGNED;
import static dev.proxyfleet.contracts.EventType.ASSIGNMENT_RELEASED;

import dev.proxyfleet.contracts.AccountData;
import dev.proxyfleet.contracts.AssignmentReason;
import dev.proxyfleet.messaging.Tx;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What happens to an account over its life: from account events and from operators' requests. Every method works in
 * the transaction it is given.
 */
@ApplicationScoped
public class AccountLifecycle {

    private final AccountStore accounts;
    private final Placement placement;
    private final Recorder recorder;
    private final AccountStates states;

    public AccountLifecycle(AccountStore accounts, Placement placement, Recorder recorder, AccountStates states) {
        this.accounts = accounts;
        this.placement = placement;
        this.recorder = recorder;
        this.states = states;
    }

    /**
     * New accounts get a proxy or wait, placed set-wise; known ones are brought up to date instead. The accounts must
     * be distinct and each name its model.
     */
    public Uni<Void> created(Tx tx, List<AccountData> batch) {
        return accounts.known(tx, batch.stream().map(AccountData::accountId).toList()).chain(known -> {
            List<AccountData> existing = batch.stream().filter(data -> known.contains(data.accountId())).toList();
            List<Account> fresh = batch.stream().filter(data -> !known.contains(data.accountId()))
                    .map(data -> Account.fresh(data.accountId(), data.modelId(), data.vpsId())).toList();
            return Tx.each(existing, data -> lock(tx, data.accountId())
                            .chain(account -> account.active() ? updated(tx, data) : reactivated(tx, data)))
                    .chain(() -> fresh.isEmpty() ? Uni.createFrom().voidItem() : placement.createAll(tx, fresh, Recorder.SYSTEM));
        });
    }

    /**
     * A new model moves the account to a proxy of that model (or to pending); nothing else moves it. A VPS named is the
     * account's from now on; none named keeps the one known (the account service names it when it knows it).
     */
    public Uni<Void> updated(Tx tx, AccountData data) {
        String model = data.modelId();
        return accounts.lock(tx, data.accountId()).chain(found -> {
            if (found.isEmpty()) {
                return Uni.createFrom().voidItem();
            }
            Account account = found.get();
            Uni<Void> vps = vpsNamed(tx, account, data.vpsId());
            if (account.modelId().equals(model)) {
                return vps;
            }
            if (account.proxyId() == null) {
                Uni<Void> changed = vps.chain(() -> accounts.changeModel(tx, account.accountId(), model));
                // A waiting account now waits as one of its new model, which readers of assignment-events and
                // assignment-state (the recorder writes both) learn only from an event.
                return account.pending() ? changed.chain(() -> recorder.record(tx, ASSIGNMENT_PENDING, account.accountId(),
                        model, null, null, AssignmentReason.MODEL_CHANGED, Recorder.SYSTEM)) : changed;
            }
            return vps.chain(() -> placement.move(tx, account, model, AssignmentReason.MODEL_CHANGED, Recorder.SYSTEM))
                    .chain(() -> placement.fillFromPending(tx, account.proxyId()));
        });
    }

    /**
     * The account service named a VPS for the account: kept, and published on {@code assignment-state} when the account
     * is active (an inactive one's state is published when it is reactivated).
     */
    private Uni<Void> vpsNamed(Tx tx, Account account, Long vpsId) {
        if (vpsId == null || vpsId.equals(account.vpsId())) {
            return Uni.createFrom().voidItem();
        }
        Uni<Void> changed = accounts.changeVps(tx, account.accountId(), vpsId);
        return account.active() ? changed.chain(() -> states.changed(tx, Map.of(account.accountId(), Recorder.now())))
                : changed;
    }

    /** Deleted or invalidated: the account lets go of its proxy (or its place in the queue) and goes inactive. */
    public Uni<Void> ended(Tx tx, String accountId, AssignmentReason reason, String actor) {
        return accounts.lock(tx, accountId).chain(found -> {
            if (found.isEmpty() || !found.get().active()) {
                return Uni.createFrom().voidItem();
            }
            Account account = found.get();
            return accounts.deactivate(tx, accountId)
                    .chain(() -> recorder.record(tx, ASSIGNMENT_RELEASED, accountId, account.modelId(), account.proxyId(), null,
                            reason, actor))
                    .chain(() -> account.proxyId() == null ? Uni.createFrom().voidItem()
                            : placement.fillFromPending(tx, account.proxyId()));
        });
    }

    /** An inactive account becomes active again and gets a proxy or waits. Unknown accounts are ignored. */
    public Uni<Void> reactivated(Tx tx, AccountData data) {
        return accounts.lock(tx, data.accountId()).chain(found -> {
            if (found.isEmpty() || found.get().active()) {
                return Uni.createFrom().voidItem();
            }
            String model = data.modelId() == null ? found.get().modelId() : data.modelId();
            return vpsNamed(tx, found.get(), data.vpsId())
                    .chain(() -> activateAndPlace(tx, data.accountId(), model, AssignmentReason.AUTOMATIC, Recorder.SYSTEM));
        });
    }

    /**
     * An operator binds an account to a given proxy, or by policy when {@code proxyId} is null. A new account needs its
     * model ({@link UnknownAccountException} otherwise); a rule the binding would break fails it with
     * {@link RuleViolationException}, naming the rule and the numbers.
     */
    public Uni<Account> assignManually(Tx tx, String accountId, String modelId, Long proxyId, String actor) {
        return accounts.lock(tx, accountId).chain(known -> {
            if (modelId == null && known.isEmpty()) {
                return Uni.createFrom().failure(new UnknownAccountException(
                        "account " + accountId + " is not known; give its modelId to create it"));
            }
            String model = modelId != null ? modelId : known.get().modelId();
            Uni<Void> created = known.isPresent() ? Uni.createFrom().voidItem() : accounts.insert(tx, accountId, model);
            return created.chain(() -> lock(tx, accountId))
                    .chain(account -> bindManually(tx, account, model, proxyId, actor))
                    .chain(() -> lock(tx, accountId));
        });
    }

    private Uni<Void> bindManually(Tx tx, Account account, String model, Long proxyId, String actor) {
        String accountId = account.accountId();
        Long from = account.proxyId();
        if (proxyId == null && from != null) {
            // Re-placing with the same model asks for another proxy: without one the account stays (409) rather
            // than lose its proxy. A new model must move in any case, to pending when nothing has room.
            Uni<Boolean> worthMoving = !model.equals(account.modelId()) ? Uni.createFrom().item(true)
                    : placement.candidate(tx, model, from).map(Optional::isPresent);
            return worthMoving.chain(move -> move ? placement.move(tx, account, model, AssignmentReason.MANUAL, actor)
                            : Uni.createFrom().failure(new AssignmentConflictException("no proxy other than " + from
                                    + " has room for model " + model + "; account " + accountId + " stays where it is")))
                    .chain(() -> placement.fillFromPending(tx, from));
        }
        if (proxyId == null) {
            return activateAndPlace(tx, accountId, model, AssignmentReason.MANUAL, actor);
        }
        if (proxyId.equals(from) && model.equals(account.modelId())) {
            return Uni.createFrom().voidItem();
        }
        return accounts.bindActive(tx, accountId, model, proxyId)
                .chain(() -> recorder.record(tx, from == null ? ASSIGNMENT_ASSIGNED : ASSIGNMENT_REASSIGNED, accountId, model,
                        proxyId, from, AssignmentReason.MANUAL, actor))
                .chain(() -> from == null || from.equals(proxyId) ? Uni.createFrom().voidItem()
                        : placement.fillFromPending(tx, from));
    }

    private Uni<Void> activateAndPlace(Tx tx, String accountId, String model, AssignmentReason reason, String actor) {
        return accounts.activate(tx, accountId, model)
                .chain(() -> lock(tx, accountId))
                .chain(account -> placement.place(tx, account, reason, actor))
                .replaceWithVoid();
    }

    /**
     * Assigns every pending account that now fits, oldest first; answers how many. Once a model finds no room, its later
     * accounts are not tried again in this pass: a long queue costs a few statements per model, not per account.
     */
    public Uni<Integer> assignAllPending(Tx tx) {
        Set<String> noRoom = new HashSet<>();
        return accounts.lockPending(tx).chain(pending -> Multi.createFrom().iterable(pending)
                .onItem().transformToUniAndConcatenate(account -> noRoom.contains(account.modelId())
                        ? Uni.createFrom().item(false)
                        : placement.place(tx, account, AssignmentReason.AUTOMATIC, Recorder.SYSTEM).invoke(placed -> {
                            if (!placed) {
                                noRoom.add(account.modelId());
                            }
                        }))
                .filter(Boolean::booleanValue)
                .collect().with(Collectors.counting())
                .map(Long::intValue));
    }

    /** An account that must exist by now, locked. */
    private Uni<Account> lock(Tx tx, String accountId) {
        return accounts.lock(tx, accountId).map(found -> found.orElseThrow(() ->
                new IllegalStateException("account " + accountId + " vanished inside its transaction")));
    }
}
