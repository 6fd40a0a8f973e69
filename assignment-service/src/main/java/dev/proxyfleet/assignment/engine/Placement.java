package dev.proxyfleet.assignment.engine;

import static dev.proxyfleet.contracts.EventType.ASSIGNMENT_ASSIGNED;
import static dev.proxyfleet.contracts.EventType.ASSIGNMENT_PENDING;
import static dev.proxyfleet.contracts.EventType.ASSIGNMENT_REASSIGNED;
import static dev.proxyfleet.contracts.EventType.ASSIGNMENT_RELEASED;

import dev.proxyfleet.contracts.AssignmentData;
import dev.proxyfleet.contracts.AssignmentReason;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;

/**
 * Where accounts go: picks a proxy by the configured policy and binds, moves or parks accounts. Candidate rows are
 * locked with {@code SKIP LOCKED} so concurrent consumers spread over different proxies; the database triggers
 * re-check every rule on the bind itself.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class Placement {

    /** A proxy that may take one more account (of a model it holds or, when empty, of any); the partial indexes match it. */
    public static final String ELIGIBLE = "enabled AND NOT deleted AND health <> 'failed' AND account_count < max_accounts";

    /** The best empty proxies and the best partly used proxies of the model: short index scans, not a sort. */
    private static final String EMPTY = "SELECT " + Candidate.COLUMNS + " FROM proxy WHERE " + ELIGIBLE
            + " AND account_count = 0 AND id <> ? ORDER BY " + Candidate.ORDER + " LIMIT ? FOR UPDATE SKIP LOCKED";
    private static final String OF_MODEL = "SELECT " + Candidate.COLUMNS + " FROM proxy WHERE " + ELIGIBLE
            + " AND model_id = ? AND id <> ? ORDER BY " + Candidate.ORDER + " LIMIT ? FOR UPDATE SKIP LOCKED";
    /** For each model, as many of its partly used proxies as it has accounts to place; the model is column 7. */
    private static final String OF_MODELS = "SELECT c.*, m.model_id FROM unnest(?::text[], ?::int[]) AS m(model_id, wanted) "
            + "CROSS JOIN LATERAL (SELECT " + Candidate.COLUMNS + " FROM proxy WHERE " + ELIGIBLE
            + " AND model_id = m.model_id ORDER BY " + Candidate.ORDER + " LIMIT m.wanted FOR UPDATE SKIP LOCKED) c";
    /**
     * When every candidate is locked: wait for one. One query over both kinds, because a proxy another transaction
     * is just giving its first account still looks empty here and must be re-checked, for this model, once it commits.
     */
    private static final String ANY_WAITING = "SELECT id FROM proxy WHERE " + ELIGIBLE
            + " AND (model_id IS NULL OR model_id = ?) AND id <> ? ORDER BY " + Candidate.ORDER + " LIMIT 1 FOR UPDATE";

    private final Db db;
    private final Recorder recorder;
    private final AssignmentPolicy policy;

    public Placement(Db db, Recorder recorder, AssignmentConfig config) {
        this.db = db;
        this.recorder = recorder;
        this.policy = config.policy();
    }

    /**
     * A proxy with room for this model, other than {@code excluded}, locked for this transaction. Rows locked by
     * concurrent assigners are skipped; when every candidate is locked it waits for one rather than report no capacity.
     */
    public Optional<Long> candidate(String modelId, Long excluded) {
        long skip = excluded == null ? -1 : excluded;
        Optional<Long> free = lockCandidates(modelId, skip).stream().min(policy.preference()).map(Candidate::id);
        return free.isPresent() ? free : db.queryOne(ANY_WAITING, rs -> rs.getLong(1), modelId, skip);
    }

    /**
     * Creates new accounts of any number of models, bound by policy, in a handful of statements: enough empty proxies
     * for all of them and enough proxies of each model are locked in two queries and shared out in memory, in the
     * accounts' order, exactly as one-by-one placement would share them, and each account row is inserted with its
     * proxy (the bind trigger checks every rule on the insert). Accounts for which no unlocked room was found go
     * through {@link #place}, which waits for locked rows or parks them as pending. A concurrent creation of the same
     * account fails the insert on its primary key; the caller's retry then finds the account known.
     */
    public void createAll(List<Account> accounts, String actor) {
        Map<String, Integer> wanted = new LinkedHashMap<>();
        accounts.forEach(account -> wanted.merge(account.modelId(), 1, Integer::sum));
        PriorityQueue<Candidate> empty = new PriorityQueue<>(policy.preference());
        empty.addAll(db.query(EMPTY, Candidate::read, -1L, accounts.size()));
        Map<String, PriorityQueue<Candidate>> ofModel = new HashMap<>();
        wanted.keySet().forEach(model -> ofModel.put(model, new PriorityQueue<>(policy.preference())));
        db.query(OF_MODELS, rs -> Map.entry(rs.getString(7), Candidate.read(rs)),
                wanted.keySet().toArray(String[]::new), wanted.values().toArray(Integer[]::new))
                .forEach(found -> ofModel.get(found.getKey()).add(found.getValue()));
        List<AssignmentData> bound = new ArrayList<>(accounts.size());
        Long[] proxyOf = new Long[accounts.size()];
        List<Account> unplaced = new ArrayList<>();
        Instant at = Recorder.now();
        for (int i = 0; i < accounts.size(); i++) {
            Account account = accounts.get(i);
            PriorityQueue<Candidate> used = ofModel.get(account.modelId());
            PriorityQueue<Candidate> from = better(used, empty);
            if (from == null) {
                unplaced.add(account);
                continue;
            }
            Candidate proxy = from.poll().plusOne();
            proxyOf[i] = proxy.id();
            bound.add(new AssignmentData(account.accountId(), account.modelId(), proxy.id(), null, AssignmentReason.AUTOMATIC,
                    proxy.accounts(), at));
            if (proxy.hasRoom()) {
                used.add(proxy);
            }
        }
        db.update("INSERT INTO account (account_id, model_id, vps_id, proxy_id) "
                + "SELECT * FROM unnest(?::text[], ?::text[], ?::bigint[], ?::bigint[])",
                accounts.stream().map(Account::accountId).toArray(String[]::new),
                accounts.stream().map(Account::modelId).toArray(String[]::new),
                accounts.stream().map(Account::vpsId).toArray(Long[]::new),
                proxyOf);
        if (!bound.isEmpty()) {
            recorder.recordAll(ASSIGNMENT_ASSIGNED, bound, actor);
        }
        unplaced.forEach(account -> place(account, AssignmentReason.AUTOMATIC, actor));
    }

    /** The pool whose best candidate the policy prefers, or null when both are empty. */
    private PriorityQueue<Candidate> better(PriorityQueue<Candidate> used, PriorityQueue<Candidate> empty) {
        if (empty.isEmpty()) {
            return used.isEmpty() ? null : used;
        }
        if (used.isEmpty()) {
            return empty;
        }
        return policy.preference().compare(used.peek(), empty.peek()) <= 0 ? used : empty;
    }

    /** The best empty proxy and the best partly used proxy of the model, locked, skipping locked ones. */
    private List<Candidate> lockCandidates(String modelId, long excluded) {
        List<Candidate> found = new ArrayList<>(db.query(EMPTY, Candidate::read, excluded, 1));
        found.addAll(db.query(OF_MODEL, Candidate::read, modelId, excluded, 1));
        return found;
    }

    /** Binds an unbound active account by policy, or records it as pending (once) when nothing has room. */
    public boolean place(Account account, AssignmentReason reason, String actor) {
        Optional<Long> target = candidate(account.modelId(), null);
        if (target.isPresent()) {
            db.update("UPDATE account SET proxy_id = ?, pending_since = NULL WHERE account_id = ?", target.get(), account.accountId());
            recorder.record(ASSIGNMENT_ASSIGNED, account.accountId(), account.modelId(), target.get(), null, reason, actor);
            return true;
        }
        if (!account.pending()) {
            db.update("UPDATE account SET pending_since = now() WHERE account_id = ?", account.accountId());
            recorder.record(ASSIGNMENT_PENDING, account.accountId(), account.modelId(), null, null, AssignmentReason.NO_CAPACITY, actor);
        }
        return false;
    }

    /**
     * Moves a bound account (possibly to a new model) to another proxy within the rules, or releases it to pending.
     * Refilling the proxy it left is the caller's decision: a proxy that is going away must not take anyone.
     */
    public void move(Account account, String modelId, AssignmentReason reason, String actor) {
        Long from = account.proxyId();
        Optional<Long> target = candidate(modelId, from);
        if (target.isPresent()) {
            db.update("UPDATE account SET model_id = ?, proxy_id = ? WHERE account_id = ?", modelId, target.get(), account.accountId());
            recorder.record(ASSIGNMENT_REASSIGNED, account.accountId(), modelId, target.get(), from, reason, actor);
        } else {
            db.update("UPDATE account SET model_id = ?, proxy_id = NULL, pending_since = now() WHERE account_id = ?", modelId, account.accountId());
            recorder.record(ASSIGNMENT_RELEASED, account.accountId(), modelId, from, null, reason, actor);
            recorder.record(ASSIGNMENT_PENDING, account.accountId(), modelId, null, from, AssignmentReason.NO_CAPACITY, actor);
        }
    }

    /** Moves every account off a proxy (deleted, disabled, failed, or an operator's request). */
    public int moveAllOff(long proxyId, AssignmentReason reason, String actor) {
        List<Account> bound = db.query("SELECT " + Account.COLUMNS + " FROM account WHERE proxy_id = ? ORDER BY updated_at, account_id FOR UPDATE",
                Account::read, proxyId);
        bound.forEach(account -> move(account, account.modelId(), reason, actor));
        return bound.size();
    }

    /** Moves the most recently bound accounts off a proxy until at most {@code keep} remain. */
    public void moveExcess(long proxyId, int keep, AssignmentReason reason) {
        List<Account> bound = db.query("SELECT " + Account.COLUMNS + " FROM account WHERE proxy_id = ? "
                + "ORDER BY updated_at DESC, account_id DESC FOR UPDATE", Account::read, proxyId);
        bound.stream().skip(keep).forEach(account -> move(account, account.modelId(), reason, Recorder.SYSTEM));
    }

    /** Capacity appeared on a proxy: it takes pending accounts that fit, oldest first, while it has room. */
    public int fillFromPending(long proxyId) {
        int assigned = 0;
        while (true) {
            Optional<String> model = db.queryOne("SELECT coalesce(model_id, '') FROM proxy WHERE id = ? AND " + ELIGIBLE + " FOR UPDATE",
                    rs -> rs.getString(1), proxyId);
            if (model.isEmpty()) {
                return assigned;
            }
            Optional<Account> next = db.queryOne("SELECT " + Account.COLUMNS + " FROM account WHERE pending_since IS NOT NULL "
                    + "AND (? = '' OR model_id = ?) ORDER BY pending_since, account_id LIMIT 1 FOR UPDATE SKIP LOCKED",
                    Account::read, model.get(), model.get());
            if (next.isEmpty()) {
                return assigned;
            }
            db.update("UPDATE account SET proxy_id = ?, pending_since = NULL WHERE account_id = ?", proxyId, next.get().accountId());
            recorder.record(ASSIGNMENT_ASSIGNED, next.get().accountId(), next.get().modelId(), proxyId, null, AssignmentReason.AUTOMATIC, Recorder.SYSTEM);
            assigned++;
        }
    }
}
