package dev.proxyfleet.assignment.engine;

import static dev.proxyfleet.contracts.EventType.ASSIGNMENT_ASSIGNED;
import static dev.proxyfleet.contracts.EventType.ASSIGNMENT_REASSIGNED;
import static dev.proxyfleet.contracts.EventType.ASSIGNMENT_RELEASED;

import dev.proxyfleet.contracts.AccountData;
import dev.proxyfleet.contracts.AssignmentReason;
import dev.proxyfleet.contracts.PoisonEventException;
import dev.proxyfleet.web.ConflictException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.NotFoundException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** What happens to an account over its life: from account events and from operators' requests. */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class AccountLifecycle {

    private final Db db;
    private final Placement placement;
    private final Recorder recorder;

    public AccountLifecycle(Db db, Placement placement, Recorder recorder) {
        this.db = db;
        this.placement = placement;
        this.recorder = recorder;
    }

    /** The account, locked for this transaction. */
    public Optional<Account> lock(String accountId) {
        return db.queryOne("SELECT " + Account.COLUMNS + " FROM account WHERE account_id = ? FOR UPDATE", Account::read, accountId);
    }

    /**
     * New accounts get a proxy or wait, placed set-wise; known ones are brought up to date instead.
     * The accounts must be distinct.
     */
    public void created(List<AccountData> batch) {
        batch.forEach(AccountLifecycle::requireModel);
        Set<String> known = new HashSet<>(db.query("SELECT account_id FROM account WHERE account_id = ANY (?)",
                rs -> rs.getString(1), (Object) batch.stream().map(AccountData::accountId).toArray(String[]::new)));
        List<Account> fresh = new ArrayList<>();
        for (AccountData data : batch) {
            if (!known.contains(data.accountId())) {
                fresh.add(new Account(data.accountId(), data.modelId(), data.vpsId(), true, null, null));
            } else if (lock(data.accountId()).orElseThrow().active()) {
                updated(data);
            } else {
                reactivated(data);
            }
        }
        if (!fresh.isEmpty()) {
            placement.createAll(fresh, Recorder.SYSTEM);
        }
    }

    /** A new model moves the account to a proxy of that model (or to pending); nothing else moves it. */
    public void updated(AccountData data) {
        String model = requireModel(data);
        lock(data.accountId()).filter(a -> !a.modelId().equals(model)).ifPresent(account -> {
            if (account.proxyId() != null) {
                placement.move(account, model, AssignmentReason.MODEL_CHANGED, Recorder.SYSTEM);
                placement.fillFromPending(account.proxyId());
            } else {
                db.update("UPDATE account SET model_id = ? WHERE account_id = ?", model, account.accountId());
            }
        });
    }

    /** Deleted or invalidated: the account lets go of its proxy (or its place in the queue) and goes inactive. */
    public void ended(String accountId, AssignmentReason reason, String actor) {
        lock(accountId).filter(Account::active).ifPresent(account -> {
            db.update("UPDATE account SET active = FALSE, proxy_id = NULL, pending_since = NULL WHERE account_id = ?", accountId);
            recorder.record(ASSIGNMENT_RELEASED, accountId, account.modelId(), account.proxyId(), null, reason, actor);
            if (account.proxyId() != null) {
                placement.fillFromPending(account.proxyId());
            }
        });
    }

    /** An inactive account becomes active again and gets a proxy or waits. Unknown accounts are ignored. */
    public void reactivated(AccountData data) {
        lock(data.accountId()).filter(a -> !a.active()).ifPresent(account -> {
            String model = data.modelId() == null ? account.modelId() : data.modelId();
            db.update("UPDATE account SET active = TRUE, model_id = ? WHERE account_id = ?", model, account.accountId());
            placement.place(lock(account.accountId()).orElseThrow(), AssignmentReason.AUTOMATIC, Recorder.SYSTEM);
        });
    }

    /**
     * An operator binds an account to a given proxy, or by policy when {@code proxyId} is null. A new account needs
     * its model; a rule the binding would break answers with the rule and the numbers.
     */
    public Account assignManually(String accountId, String modelId, Long proxyId, String actor) {
        Optional<Account> known = lock(accountId);
        String model = modelId != null ? modelId : known.map(Account::modelId)
                .orElseThrow(() -> new NotFoundException("account " + accountId + " is not known; give its modelId to create it"));
        if (known.isEmpty()) {
            db.update("INSERT INTO account (account_id, model_id) VALUES (?, ?)", accountId, model);
        }
        Account account = lock(accountId).orElseThrow();
        Long from = account.proxyId();
        if (proxyId == null && from != null) {
            if (model.equals(account.modelId()) && placement.candidate(model, from).isEmpty()) {
                throw new ConflictException("no proxy other than " + from + " has room for model " + model
                        + "; account " + accountId + " stays where it is");
            }
            placement.move(account, model, AssignmentReason.MANUAL, actor);
            placement.fillFromPending(from);
        } else if (proxyId == null) {
            db.update("UPDATE account SET active = TRUE, model_id = ? WHERE account_id = ?", model, accountId);
            placement.place(lock(accountId).orElseThrow(), AssignmentReason.MANUAL, actor);
        } else if (!proxyId.equals(from) || !model.equals(account.modelId())) {
            db.update("UPDATE account SET active = TRUE, model_id = ?, proxy_id = ?, pending_since = NULL WHERE account_id = ?",
                    model, proxyId, accountId);
            recorder.record(from == null ? ASSIGNMENT_ASSIGNED : ASSIGNMENT_REASSIGNED, accountId, model, proxyId, from,
                    AssignmentReason.MANUAL, actor);
            if (from != null && !from.equals(proxyId)) {
                placement.fillFromPending(from);
            }
        }
        return lock(accountId).orElseThrow();
    }

    /**
     * Assigns every pending account that now fits, oldest first. Once a model finds no room, its later accounts are
     * not tried again in this pass: a long queue costs a few statements per model, not per account.
     */
    public int assignAllPending() {
        int assigned = 0;
        Set<String> noRoom = new HashSet<>();
        for (Account account : db.query("SELECT " + Account.COLUMNS + " FROM account WHERE pending_since IS NOT NULL "
                + "ORDER BY pending_since, account_id FOR UPDATE SKIP LOCKED", Account::read)) {
            if (noRoom.contains(account.modelId())) {
                continue;
            }
            if (placement.place(account, AssignmentReason.AUTOMATIC, Recorder.SYSTEM)) {
                assigned++;
            } else {
                noRoom.add(account.modelId());
            }
        }
        return assigned;
    }

    /** Whether some pending account has room somewhere: one index probe per pending model, no locks. */
    public boolean pendingCanMove() {
        return db.queryOne("SELECT 1 FROM (SELECT DISTINCT model_id FROM account WHERE pending_since IS NOT NULL) m "
                + "WHERE EXISTS (SELECT 1 FROM proxy WHERE " + Placement.ELIGIBLE + " AND (account_count = 0 OR model_id = m.model_id)) "
                + "LIMIT 1", rs -> true).isPresent();
    }

    private static String requireModel(AccountData data) {
        if (data.modelId() == null || data.modelId().isBlank()) {
            throw new PoisonEventException("missing field 'modelId'");
        }
        return data.modelId();
    }
}
