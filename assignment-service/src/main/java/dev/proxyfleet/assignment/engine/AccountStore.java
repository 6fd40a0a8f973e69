package dev.proxyfleet.assignment.engine;

import static dev.proxyfleet.assignment.engine.Statements.query;
import static dev.proxyfleet.assignment.engine.Statements.queryOne;
import static dev.proxyfleet.assignment.engine.Statements.update;

import dev.proxyfleet.messaging.Tx;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The {@code account} table: which accounts exist, where each is bound or since when it waits. Changes run in the
 * caller's transaction; the bind trigger adjusts the proxies' counters and checks the rules on every one of them.
 */
@ApplicationScoped
public class AccountStore {

    private static final String COLUMNS = "account_id, model_id, vps_id, active, proxy_id, pending_since";
    private static final String SELECT = "SELECT " + COLUMNS + " FROM account ";
    private static final String PENDING_ORDER = "pending_since, account_id";

    private final Pool pool;

    public AccountStore(Pool pool) {
        this.pool = pool;
    }

    /** The account, locked for the transaction. */
    public Uni<Optional<Account>> lock(Tx tx, String accountId) {
        return queryOne(tx.connection(), SELECT + "WHERE account_id = $1 FOR UPDATE", Tuple.of(accountId), AccountStore::read);
    }

    /** Which of these accounts exist. */
    Uni<Set<String>> known(Tx tx, List<String> accountIds) {
        return query(tx.connection(), "SELECT account_id FROM account WHERE account_id = ANY ($1)",
                Tuple.of(accountIds.toArray(String[]::new)), row -> row.getString(0)).map(HashSet::new);
    }

    /** These accounts as they are now in the transaction (those that exist). */
    Uni<List<Account>> read(Tx tx, String[] accountIds) {
        return query(tx.connection(), SELECT + "WHERE account_id = ANY ($1)", Tuple.of(accountIds), AccountStore::read);
    }

    /** Inserts new accounts in one statement, each bound to its proxy (null: none yet), or pending from now. */
    Uni<Void> insertAll(Tx tx, List<Account> accounts, Long[] proxyIds, Boolean[] pending) {
        return update(tx.connection(), "INSERT INTO account (account_id, model_id, vps_id, proxy_id, pending_since) "
                + "SELECT a, m, v, p, CASE WHEN w THEN now() END "
                + "FROM unnest($1::text[], $2::text[], $3::bigint[], $4::bigint[], $5::boolean[]) AS t(a, m, v, p, w)",
                Tuple.of(accounts.stream().map(Account::accountId).toArray(String[]::new),
                        accounts.stream().map(Account::modelId).toArray(String[]::new),
                        accounts.stream().map(Account::vpsId).toArray(Long[]::new),
                        proxyIds, pending));
    }

    Uni<Void> insert(Tx tx, String accountId, String modelId) {
        return update(tx.connection(), "INSERT INTO account (account_id, model_id) VALUES ($1, $2)", Tuple.of(accountId, modelId));
    }

    Uni<Void> changeModel(Tx tx, String accountId, String modelId) {
        return update(tx.connection(), "UPDATE account SET model_id = $1 WHERE account_id = $2", Tuple.of(modelId, accountId));
    }

    /** The VPS host the account runs on. */
    Uni<Void> changeVps(Tx tx, String accountId, long vpsId) {
        return update(tx.connection(), "UPDATE account SET vps_id = $1 WHERE account_id = $2", Tuple.of(vpsId, accountId));
    }

    /** Makes the account active with the model, leaving its binding as it is. */
    Uni<Void> activate(Tx tx, String accountId, String modelId) {
        return update(tx.connection(), "UPDATE account SET active = TRUE, model_id = $1 WHERE account_id = $2",
                Tuple.of(modelId, accountId));
    }

    /** Inactive, holding neither a proxy nor a place in the queue. */
    Uni<Void> deactivate(Tx tx, String accountId) {
        return update(tx.connection(), "UPDATE account SET active = FALSE, proxy_id = NULL, pending_since = NULL "
                + "WHERE account_id = $1", Tuple.of(accountId));
    }

    /** Binds an active account, leaving the queue if it waited. */
    Uni<Void> bind(Tx tx, String accountId, long proxyId) {
        return update(tx.connection(), "UPDATE account SET proxy_id = $1, pending_since = NULL WHERE account_id = $2",
                Tuple.of(proxyId, accountId));
    }

    /** Binds the account with the model, active, whatever it was. */
    Uni<Void> bindActive(Tx tx, String accountId, String modelId, long proxyId) {
        return update(tx.connection(), "UPDATE account SET active = TRUE, model_id = $1, proxy_id = $2, pending_since = NULL "
                + "WHERE account_id = $3", Tuple.of(modelId, proxyId, accountId));
    }

    /** Moves a bound account, possibly to a new model. */
    Uni<Void> move(Tx tx, String accountId, String modelId, long proxyId) {
        return update(tx.connection(), "UPDATE account SET model_id = $1, proxy_id = $2 WHERE account_id = $3",
                Tuple.of(modelId, proxyId, accountId));
    }

    /** Puts an unbound active account in the queue, from now. */
    Uni<Void> enqueue(Tx tx, String accountId) {
        return update(tx.connection(), "UPDATE account SET pending_since = now() WHERE account_id = $1", Tuple.of(accountId));
    }

    /** Unbinds an account, possibly with a new model, into the queue. */
    Uni<Void> unbindToQueue(Tx tx, String accountId, String modelId) {
        return update(tx.connection(), "UPDATE account SET model_id = $1, proxy_id = NULL, pending_since = now() "
                + "WHERE account_id = $2", Tuple.of(modelId, accountId));
    }

    /** The accounts bound to the proxy, locked, those bound longest first ({@code newestFirst}: the other way round). */
    Uni<List<Account>> lockBoundTo(Tx tx, long proxyId, boolean newestFirst) {
        String order = newestFirst ? "updated_at DESC, account_id DESC" : "updated_at, account_id";
        return query(tx.connection(), SELECT + "WHERE proxy_id = $1 ORDER BY " + order + " FOR UPDATE", Tuple.of(proxyId),
                AccountStore::read);
    }

    /** The accounts beyond the limit of an address, those bound last first, locked (none without a limit). */
    Uni<List<Account>> lockBeyondExitIpLimit(Tx tx, String address) {
        return query(tx.connection(), SELECT + "WHERE account_id IN (SELECT a.account_id FROM account a JOIN proxy p ON "
                + "p.id = a.proxy_id JOIN exit_ip e ON e.address = p.exit_ip WHERE e.address = $1 ORDER BY a.updated_at "
                + "DESC, a.account_id DESC LIMIT (SELECT greatest(account_count - max_accounts, 0) FROM exit_ip "
                + "WHERE address = $1)) ORDER BY updated_at DESC, account_id DESC FOR UPDATE", Tuple.of(address),
                AccountStore::read);
    }

    /** Every pending account not locked by another transaction, locked, oldest first. */
    Uni<List<Account>> lockPending(Tx tx) {
        return query(tx.connection(), SELECT + "WHERE pending_since IS NOT NULL ORDER BY " + PENDING_ORDER
                + " FOR UPDATE SKIP LOCKED", Tuple.tuple(), AccountStore::read);
    }

    /** The oldest pending account of the model (of any model when empty) not locked by another transaction, locked. */
    Uni<Optional<Account>> lockOldestPending(Tx tx, String modelId) {
        return queryOne(tx.connection(), SELECT + "WHERE pending_since IS NOT NULL AND ($1 = '' OR model_id = $1) "
                + "ORDER BY " + PENDING_ORDER + " LIMIT 1 FOR UPDATE SKIP LOCKED", Tuple.of(modelId), AccountStore::read);
    }

    /** Each model's waiting accounts, the model waiting longest first: the order the queue serves them in. */
    Uni<List<ConsolidationPlan.Waiting>> waitingModels(Tx tx) {
        return query(tx.connection(), "SELECT model_id, count(*) FROM account WHERE pending_since IS NOT NULL "
                + "GROUP BY model_id ORDER BY min(pending_since), model_id", Tuple.tuple(),
                row -> new ConsolidationPlan.Waiting(row.getString(0), row.getLong(1)));
    }

    /** The accounts bound to each of these proxies, in id order. */
    Uni<Map<Long, List<String>>> boundTo(Tx tx, Long[] proxyIds) {
        return query(tx.connection(), "SELECT proxy_id, account_id FROM account WHERE proxy_id = ANY ($1) ORDER BY account_id",
                Tuple.of(proxyIds), row -> Map.entry(row.getLong(0), row.getString(1)))
                .map(rows -> rows.stream().collect(Collectors.groupingBy(Map.Entry::getKey,
                        Collectors.mapping(Map.Entry::getValue, Collectors.toList()))));
    }

    /** Moves bound accounts to other proxies of their model in one statement; the bind trigger checks each move. */
    Uni<Void> moveAll(Tx tx, String[] accountIds, Long[] proxyIds) {
        return update(tx.connection(), "UPDATE account a SET proxy_id = m.proxy_id "
                + "FROM unnest($1::text[], $2::bigint[]) AS m(account_id, proxy_id) WHERE a.account_id = m.account_id",
                Tuple.of(accountIds, proxyIds));
    }

    /**
     * Whether some pending account has room somewhere, within its proxy's exit IP's model and limit: one index probe per
     * pending model, no locks.
     */
    public Uni<Boolean> pendingCanMove() {
        return queryOne(pool, "SELECT 1 FROM (SELECT DISTINCT model_id FROM account WHERE pending_since IS NOT NULL) m "
                + "WHERE EXISTS (SELECT 1 FROM proxy WHERE " + ProxyStore.ELIGIBLE + " AND (account_count = 0 OR model_id = m.model_id)"
                + ProxyStore.exitIpAdmits("= m.model_id") + ") "
                + "LIMIT 1", Tuple.tuple(), row -> true).map(Optional::isPresent);
    }

    public Uni<Optional<Account>> find(String accountId) {
        return queryOne(pool, SELECT + "WHERE account_id = $1", Tuple.of(accountId), AccountStore::read);
    }

    /** Bound accounts, optionally only those of one proxy, model or account, by proxy then account. */
    public Uni<List<Account>> bound(Long proxyId, String modelId, String accountId, int limit) {
        return new FilteredSelect(SELECT + "WHERE proxy_id IS NOT NULL")
                .and("proxy_id = ?", proxyId).and("model_id = ?", modelId).and("account_id = ?", accountId)
                .query(pool, "proxy_id, account_id", limit, AccountStore::read);
    }

    /** Accounts waiting for capacity, oldest first (the order they will be served in). */
    public Uni<List<Account>> pending(int limit) {
        return query(pool, SELECT + "WHERE pending_since IS NOT NULL ORDER BY " + PENDING_ORDER + " LIMIT $1",
                Tuple.of((long) limit), AccountStore::read);
    }

    private static Account read(Row row) {
        OffsetDateTime pending = row.getOffsetDateTime(5);
        return new Account(row.getString(0), row.getString(1), row.getLong(2), row.getBoolean(3), row.getLong(4),
                pending == null ? null : pending.toInstant());
    }
}
