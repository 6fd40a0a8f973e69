package dev.proxyfleet.assignment.engine;

import static dev.proxyfleet.assignment.engine.Statements.query;
import static dev.proxyfleet.assignment.engine.Statements.queryOne;
import static dev.proxyfleet.assignment.engine.Statements.update;

import dev.proxyfleet.contracts.ProxyData;
import dev.proxyfleet.messaging.Tx;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code proxy} table: this service's projection of the fleet, and the candidates an account may take. Candidate
 * rows are locked with {@code SKIP LOCKED}, so concurrent assigners spread over different proxies; the counters and the
 * model of a proxy are the bind trigger's to change.
 */
@ApplicationScoped
public class ProxyStore {

    /** A proxy that may take accounts (rule 3), whether it has room or not. */
    private static final String SERVING = "enabled AND NOT deleted AND health <> 'failed'";
    /** A proxy that may take one more account (of a model it holds or, when empty, of any); the partial indexes match it. */
    static final String ELIGIBLE = SERVING + " AND account_count < max_accounts";

    /** The model a proxy holds, or the one its exit IP's other proxies hold (null: either may take any). */
    private static final String HELD_MODEL = "coalesce(model_id, (SELECT e.model_id FROM exit_ip e WHERE e.address = proxy.exit_ip))";
    private static final String CANDIDATE = "SELECT id, health = 'healthy', account_count, max_accounts, priority, "
            + "first_seen_at, " + HELD_MODEL + ", exit_ip, coalesce((SELECT e.max_accounts - e.account_count FROM exit_ip e "
            + "WHERE e.address = proxy.exit_ip), " + Integer.MAX_VALUE + ") FROM proxy WHERE " + ELIGIBLE;
    /** The best candidates of one kind in the policies' order: short index scans, not a sort. */
    private static final String ORDER = " ORDER BY (health = 'healthy') DESC, priority, first_seen_at, id";
    /** How {@link AssignmentPolicy#UNUSED_FIRST} ranks a model's proxies: the least used first. */
    private static final String LEAST_USED_ORDER = " ORDER BY (health = 'healthy') DESC, account_count, priority, "
            + "first_seen_at, id";
    /** Proxies whose provider is not in outage (as provider-health last said): the searches try these first. */
    private static final String OUTSIDE_OUTAGES = " AND NOT EXISTS (SELECT 1 FROM provider_outage o "
            + "WHERE o.provider_id = proxy.provider_id AND o.in_outage)";
    /**
     * When every candidate is locked: wait for one. One query over both kinds, because a proxy another transaction is
     * just giving its first account still looks empty here and must be re-checked, for this model, once it commits.
     */
    private static final String ANY_WAITING = "SELECT id FROM proxy WHERE " + ELIGIBLE
            + " AND (model_id IS NULL OR model_id = $1) AND id <> $2" + exitIpAdmits("= $1") + ORDER + " LIMIT 1 FOR UPDATE";

    private static final String USED = "SELECT id, model_id, account_count, max_accounts, exit_ip FROM proxy WHERE "
            + SERVING + " AND account_count > 0";
    private static final String ADDRESSES = "SELECT address, account_count, max_accounts FROM exit_ip ";
    /**
     * One row per model bound or waiting, or a single row without a model; each with the empty proxies and slots. Free
     * slots are counted per group that takes accounts together: a proxy without an exit IP, or the proxies leaving
     * through one address, whose room is capped by the address's limit and belongs to the model the address holds
     * (even on its empty proxies, which are empty only when no model holds the address).
     */
    private static final String CAPACITY = "WITH serving AS (SELECT id, model_id, account_count, max_accounts, exit_ip "
            + "FROM proxy WHERE " + SERVING + "), "
            + "groups AS (SELECT coalesce(e.model_id, max(s.model_id)) AS model_id, count(*) AS proxies, "
            + "least(sum(s.max_accounts - s.account_count), e.max_accounts - e.account_count) AS free "
            + "FROM serving s LEFT JOIN exit_ip e ON e.address = s.exit_ip "
            + "GROUP BY e.address, CASE WHEN e.address IS NULL THEN s.id END), "
            + "used AS (SELECT model_id, count(*) AS proxies, sum(account_count) AS accounts FROM serving "
            + "WHERE account_count > 0 GROUP BY model_id), "
            + "held AS (SELECT model_id, sum(free)::bigint AS free FROM groups WHERE model_id IS NOT NULL GROUP BY model_id), "
            + "waiting AS (SELECT model_id, count(*) AS waiting, min(pending_since) AS since FROM account "
            + "WHERE pending_since IS NOT NULL GROUP BY model_id), "
            + "empty AS (SELECT coalesce(sum(proxies), 0)::bigint AS proxies, coalesce(sum(free), 0)::bigint AS slots FROM groups "
            + "WHERE model_id IS NULL) "
            + "SELECT m.model_id, coalesce(m.proxies, 0), coalesce(m.accounts, 0), coalesce(m.free, 0), coalesce(m.waiting, 0), "
            + "e.proxies, e.slots FROM empty e LEFT JOIN (SELECT * FROM used FULL JOIN held USING (model_id) "
            + "FULL JOIN waiting USING (model_id)) m ON TRUE ORDER BY m.since NULLS LAST, m.model_id";

    /**
     * Where a proxy shares an exit IP, whether the address takes one more account whose model matches {@code model}
     * (an SQL comparison with {@code e.model_id}): the address's limit and its model, as the bind trigger applies them.
     */
    static String exitIpAdmits(String model) {
        return " AND (exit_ip IS NULL OR EXISTS (SELECT 1 FROM exit_ip e WHERE e.address = proxy.exit_ip"
                + " AND (e.max_accounts IS NULL OR e.account_count < e.max_accounts)"
                + " AND (e.model_id IS NULL OR e.model_id " + model + ")))";
    }

    /** What a change of the inventory or of health is compared with. */
    public record Known(int maxAccounts, long version, String health) {
    }

    /**
     * The candidate searches, among every proxy or only among those outside providers' outages.
     *
     * @param empty empty proxies, but for those whose exit IP is used by a model other than these or is full
     * @param ofModel the best partly used proxy of a model, in the policy's order
     * @param ofModels for each model, as many of its partly used proxies, in the policy's order, as it has accounts to
     *     place
     */
    private record Searches(String empty, String ofModel, String ofModels) {

        static Searches of(String order, String among) {
            return new Searches(
                    CANDIDATE + " AND account_count = 0 AND id <> $1" + exitIpAdmits("= ANY ($3)") + among + ORDER
                            + " LIMIT $2 FOR UPDATE SKIP LOCKED",
                    CANDIDATE + " AND model_id = $1 AND id <> $2" + exitIpAdmits("= $1") + among + order
                            + " LIMIT 1 FOR UPDATE SKIP LOCKED",
                    "SELECT c.* FROM unnest($1::text[], $2::int[]) AS m(model_id, wanted) CROSS JOIN LATERAL ("
                            + CANDIDATE + " AND model_id = m.model_id" + exitIpAdmits("= m.model_id") + among + order
                            + " LIMIT m.wanted FOR UPDATE SKIP LOCKED) c");
        }
    }

    private final Pool pool;
    private final Searches anywhere;
    private final Searches outsideOutages;

    public ProxyStore(Pool pool, AssignmentConfig config) {
        this.pool = pool;
        String order = config.policy() == AssignmentPolicy.UNUSED_FIRST ? LEAST_USED_ORDER : ORDER;
        this.anywhere = Searches.of(order, "");
        this.outsideOutages = Searches.of(order, OUTSIDE_OUTAGES);
    }

    private Searches searches(boolean spareOutages) {
        return spareOutages ? outsideOutages : anywhere;
    }

    /**
     * Up to {@code limit} of the best empty proxies other than {@code excluded} that an account of one of these models
     * may take, locked. One whose exit IP a model uses already is that model's ({@link Candidate#modelId}).
     * {@code spareOutages}: only proxies whose provider is not in outage.
     */
    Uni<List<Candidate>> lockEmpty(Tx tx, long excluded, long limit, String[] modelIds, boolean spareOutages) {
        return query(tx.connection(), searches(spareOutages).empty(), Tuple.of(excluded, limit, modelIds),
                ProxyStore::candidate);
    }

    /** The best partly used proxy of the model other than {@code excluded}, locked. */
    Uni<List<Candidate>> lockBestOfModel(Tx tx, String modelId, long excluded, boolean spareOutages) {
        return query(tx.connection(), searches(spareOutages).ofModel(), Tuple.of(modelId, excluded), ProxyStore::candidate);
    }

    /** For each model, up to {@code wanted} of its best partly used proxies, locked. */
    Uni<List<Candidate>> lockOfModels(Tx tx, String[] modelIds, Integer[] wanted, boolean spareOutages) {
        return query(tx.connection(), searches(spareOutages).ofModels(), Tuple.of(modelIds, wanted),
                ProxyStore::candidate);
    }

    /** The best proxy with room for the model other than {@code excluded}, waiting for it if another transaction holds it. */
    Uni<Optional<Long>> awaitCandidate(Tx tx, String modelId, long excluded) {
        return queryOne(tx.connection(), ANY_WAITING, Tuple.of(modelId, excluded), row -> row.getLong(0));
    }

    /**
     * Which of these models could place an account on a proxy other than {@code excluded}: an eligible empty proxy or
     * one of the model with room exists, locked by another transaction or not. Takes no locks.
     */
    Uni<Set<String>> withRoom(Tx tx, String[] modelIds, Long[] excluded) {
        String other = " AND id <> ALL ($2::bigint[])" + exitIpAdmits("= m.model_id");
        return query(tx.connection(), "SELECT m.model_id FROM unnest($1::text[]) AS m(model_id) "
                + "WHERE EXISTS (SELECT 1 FROM proxy WHERE " + ELIGIBLE + " AND account_count = 0" + other + ") "
                + "OR EXISTS (SELECT 1 FROM proxy WHERE " + ELIGIBLE + " AND model_id = m.model_id" + other + ")",
                Tuple.of(modelIds, excluded), row -> row.getString(0)).map(HashSet::new);
    }

    /**
     * The model the proxy or its exit IP holds ({@code ""} while neither holds one), locked, if it may take an account
     * now.
     */
    Uni<Optional<String>> lockIfEligible(Tx tx, long proxyId) {
        return queryOne(tx.connection(), "SELECT coalesce(" + HELD_MODEL + ", '') FROM proxy WHERE id = $1 AND " + ELIGIBLE
                + exitIpAdmits("IS NOT NULL") + " FOR UPDATE", Tuple.of(proxyId), row -> row.getString(0));
    }

    Uni<Optional<Integer>> accountCount(Tx tx, long proxyId) {
        return queryOne(tx.connection(), "SELECT account_count FROM proxy WHERE id = $1", Tuple.of(proxyId),
                row -> row.getInteger(0));
    }

    /** The proxy as the projection last applied it, locked. */
    Uni<Optional<Known>> lock(Tx tx, long proxyId) {
        return queryOne(tx.connection(), "SELECT max_accounts, inventory_version, health FROM proxy WHERE id = $1 FOR UPDATE",
                Tuple.of(proxyId), row -> new Known(row.getInteger(0), row.getLong(1), row.getString(2)));
    }

    Uni<Void> insert(Tx tx, ProxyData proxy, boolean deleted) {
        return update(tx.connection(), "INSERT INTO proxy (id, enabled, deleted, max_accounts, priority, location, "
                + "provider_id, inventory_version) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                Tuple.from(new Object[] {proxy.id(), proxy.enabled(), deleted, proxy.maxAccounts(), proxy.priority(),
                    proxy.location(), proxy.providerId(), proxy.version()}));
    }

    /** Stores the inventory's version of a known proxy, with {@code maxAccounts} as its limit for now. */
    Uni<Void> updateFromInventory(Tx tx, ProxyData proxy, boolean deleted, int maxAccounts) {
        return update(tx.connection(), "UPDATE proxy SET enabled = $1, deleted = $2, max_accounts = $3, "
                + "priority = $4, location = $5, provider_id = $6, inventory_version = $7 WHERE id = $8",
                Tuple.from(new Object[] {proxy.enabled() && !deleted, deleted, maxAccounts, proxy.priority(),
                    proxy.location(), proxy.providerId(), proxy.version(), proxy.id()}));
    }

    /** Keeps the health of a proxy the inventory has not announced yet, on a disabled placeholder. */
    Uni<Void> insertPlaceholder(Tx tx, long proxyId, String health) {
        return update(tx.connection(), "INSERT INTO proxy (id, enabled, max_accounts, health) VALUES ($1, FALSE, 1, $2)",
                Tuple.of(proxyId, health));
    }

    /** The proxy's exit IP, its accounts, and whether they may all go along to {@code address} (rules 1 and 2 there). */
    public record ExitIpMove(String from, int accounts, boolean fits) {
    }

    Uni<ExitIpMove> exitIpMove(Tx tx, long proxyId, String address) {
        // Either model null (an empty proxy, an unused address) fits: coalesce, not a NULL that reads as "no".
        return queryOne(tx.connection(), "SELECT p.exit_ip, p.account_count, e.address IS NULL OR (coalesce(e.model_id "
                + "= p.model_id, TRUE) AND p.account_count <= coalesce(e.max_accounts - e.account_count, "
                + "p.account_count)) FROM proxy p LEFT JOIN exit_ip e ON e.address = $2 WHERE p.id = $1",
                Tuple.of(proxyId, address), row -> new ExitIpMove(row.getString(0), row.getInteger(1), row.getBoolean(2)))
                .map(Optional::orElseThrow);
    }

    /** The proxy leaves through {@code address} from now on; its accounts go along (the exit-IP trigger's rules). */
    Uni<Void> changeExitIp(Tx tx, long proxyId, String address) {
        return update(tx.connection(), "UPDATE proxy SET exit_ip = $1 WHERE id = $2", Tuple.of(address, proxyId));
    }

    /** The failed proxies of a provider that still hold accounts, in id order. */
    Uni<List<Long>> failedWithAccounts(Tx tx, long providerId) {
        return query(tx.connection(), "SELECT id FROM proxy WHERE provider_id = $1 AND health = 'failed' "
                + "AND account_count > 0 ORDER BY id", Tuple.of(providerId), row -> row.getLong(0));
    }

    /** The failed proxies that hold accounts whose provider (if any) is not in outage here, in id order. */
    Uni<List<Long>> failedWithAccountsOutsideOutages(Tx tx) {
        return query(tx.connection(), "SELECT p.id FROM proxy p "
                + "LEFT JOIN provider_outage o ON o.provider_id = p.provider_id WHERE p.health = 'failed' AND p.account_count > 0 AND o.in_outage IS NOT TRUE ORDER BY p.id",
                Tuple.tuple(), row -> row.getLong(0));
    }

    Uni<Void> changeHealth(Tx tx, long proxyId, String health) {
        return update(tx.connection(), "UPDATE proxy SET health = $1 WHERE id = $2", Tuple.of(health, proxyId));
    }

    /**
     * Each model's proxies, accounts, free slots and waiting accounts, those waiting longest first, with the empty
     * proxies: what {@link Capacity} is made of. Only proxies that may take accounts count.
     */
    public Uni<Capacity> capacity() {
        return query(pool, CAPACITY, Tuple.tuple(), row -> row).map(rows -> Capacity.of(rows.stream()
                .filter(row -> row.getString(0) != null)
                .map(row -> new Capacity.Load(row.getString(0), row.getLong(1), row.getLong(2), row.getLong(3), row.getLong(4)))
                .toList(), rows.get(0).getLong(5), rows.get(0).getLong(6)));
    }

    /** The proxies that hold accounts and may take more, as a consolidation plans with them. */
    Uni<List<ConsolidationPlan.Proxy>> used(Tx tx) {
        return query(tx.connection(), USED, Tuple.tuple(), ProxyStore::used);
    }

    /** Those of these proxies that still hold accounts and may take more, locked in id order. */
    Uni<List<ConsolidationPlan.Proxy>> lockUsed(Tx tx, Long[] ids) {
        return query(tx.connection(), USED + " AND id = ANY ($1) ORDER BY id FOR UPDATE", Tuple.of(ids), ProxyStore::used);
    }

    /** The exit IPs of the proxies that hold accounts and may take more, as a consolidation plans with them. */
    Uni<List<ConsolidationPlan.Address>> usedAddresses(Tx tx) {
        return query(tx.connection(), ADDRESSES + "WHERE address IN (SELECT exit_ip FROM proxy WHERE " + SERVING
                + " AND account_count > 0)", Tuple.tuple(), ProxyStore::address);
    }

    /** These exit IPs, locked in address order (after their proxies, as every binding locks them). */
    Uni<List<ConsolidationPlan.Address>> lockAddresses(Tx tx, String[] addresses) {
        return query(tx.connection(), ADDRESSES + "WHERE address = ANY ($1) ORDER BY address FOR UPDATE",
                Tuple.of(addresses), ProxyStore::address);
    }

    /** The accounts these proxies hold together. */
    Uni<Long> accountsOn(Tx tx, Long[] ids) {
        return queryOne(tx.connection(), "SELECT coalesce(sum(account_count), 0) FROM proxy WHERE id = ANY ($1)",
                Tuple.of(ids), row -> row.getLong(0)).map(Optional::orElseThrow);
    }

    /** Proxies that could take an account of this model now, in no particular policy order. */
    public Uni<List<AvailableProxy>> available(String modelId) {
        return query(pool, "SELECT id, account_count, max_accounts, model_id, health, priority, location FROM proxy "
                + "WHERE " + ELIGIBLE + " AND (model_id IS NULL OR model_id = $1)" + exitIpAdmits("= $1")
                + " ORDER BY priority, id", Tuple.of(modelId),
                row -> new AvailableProxy(row.getLong(0), row.getInteger(1), row.getInteger(2), row.getString(3),
                        row.getString(4), row.getInteger(5), row.getString(6)));
    }

    private static ConsolidationPlan.Proxy used(Row row) {
        return new ConsolidationPlan.Proxy(row.getLong(0), row.getString(1), row.getInteger(2), row.getInteger(3),
                row.getString(4));
    }

    private static ConsolidationPlan.Address address(Row row) {
        return new ConsolidationPlan.Address(row.getString(0), row.getInteger(1), row.getInteger(2));
    }

    private static Candidate candidate(Row row) {
        return new Candidate(row.getLong(0), row.getBoolean(1), row.getInteger(2), row.getInteger(3), row.getInteger(4),
                row.getOffsetDateTime(5).toInstant(), row.getString(6), row.getString(7), row.getInteger(8));
    }
}
