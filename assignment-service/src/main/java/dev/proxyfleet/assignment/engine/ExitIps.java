package dev.proxyfleet.assignment.engine;

import static dev.proxyfleet.assignment.engine.Statements.query;
import static dev.proxyfleet.assignment.engine.Statements.queryOne;
import static dev.proxyfleet.assignment.engine.Statements.update;

import dev.proxyfleet.contracts.AssignmentReason;
import dev.proxyfleet.messaging.Tx;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The exit IPs proxies leave through (the {@code exit_ip} table, kept by the bind and exit-IP triggers) as operators
 * see them, and the limit an operator sets for one: its proxies together hold at most that many accounts.
 */
@ApplicationScoped
public class ExitIps {

    /** An address with the proxies (not deleted) that leave through it, the model and accounts they hold, its limit. */
    public record ExitIp(String address, List<Long> proxyIds, String modelId, int accounts, Integer maxAccounts) {
    }

    private static final String LIST = "SELECT e.address, array_agg(p.id ORDER BY p.id), e.model_id, e.account_count, "
            + "e.max_accounts FROM exit_ip e JOIN proxy p ON p.exit_ip = e.address AND NOT p.deleted";
    private static final String ONE = LIST + " WHERE e.address = $1 GROUP BY e.address";

    private final Pool pool;
    private final Placement placement;
    private final AccountStore accounts;

    public ExitIps(Pool pool, Placement placement, AccountStore accounts) {
        this.pool = pool;
        this.placement = placement;
        this.accounts = accounts;
    }

    /** Every address a proxy leaves through ({@code shared}: only those of two proxies or more), by address. */
    public Uni<List<ExitIp>> list(boolean shared) {
        return query(pool, LIST + " GROUP BY e.address" + (shared ? " HAVING count(*) > 1" : "") + " ORDER BY e.address",
                Tuple.tuple(), ExitIps::exitIp);
    }

    /** The address, if a proxy leaves through it. */
    public Uni<Optional<ExitIp>> find(String address) {
        return queryOne(pool, ONE, Tuple.of(address), ExitIps::exitIp);
    }

    /**
     * Sets the address's limit (null: none beyond each proxy's own); the accounts beyond a lower one move to other
     * proxies, those bound last first, recorded with the caller as actor. Its proxies are locked first, then the
     * address, the order every binding takes. Answers the address as it is then, or nothing when no proxy leaves
     * through it.
     */
    public Uni<Optional<ExitIp>> limit(Tx tx, String address, Integer maxAccounts, String actor) {
        return query(tx.connection(), "SELECT id FROM proxy WHERE exit_ip = $1 ORDER BY id FOR UPDATE", Tuple.of(address),
                row -> row.getLong(0)).chain(proxies -> {
                    if (proxies.isEmpty()) {
                        return Uni.createFrom().item(Optional.<ExitIp>empty());
                    }
                    return update(tx.connection(), "UPDATE exit_ip SET max_accounts = $1 WHERE address = $2",
                            Tuple.of(maxAccounts, address))
                            .chain(() -> accounts.lockBeyondExitIpLimit(tx, address))
                            .chain(excess -> Tx.each(excess, account -> placement.move(tx, account, account.modelId(),
                                    AssignmentReason.AUTOMATIC, actor)))
                            .chain(() -> queryOne(tx.connection(), ONE, Tuple.of(address), ExitIps::exitIp));
                });
    }

    private static ExitIp exitIp(Row row) {
        return new ExitIp(row.getString(0), Arrays.asList(row.getArrayOfLongs(1)), row.getString(2), row.getInteger(3),
                row.getInteger(4));
    }
}
