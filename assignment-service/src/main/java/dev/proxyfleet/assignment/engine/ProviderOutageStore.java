package dev.proxyfleet.assignment.engine;

import static dev.proxyfleet.assignment.engine.Statements.execute;
import static dev.proxyfleet.assignment.engine.Statements.queryOne;

import dev.proxyfleet.contracts.HealthData;
import dev.proxyfleet.contracts.ProviderOutageData;
import dev.proxyfleet.messaging.Tx;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;

/**
 * The {@code provider_outage} table: which providers are in outage, and whether our egress is down (the row
 * {@link #EGRESS}). A provider's row is written (locked) when its outage starts or ends and read with a shared lock
 * when one of its proxies fails, so the two wait for each other: a proxy failing while the outage ends is either judged
 * after the end (and moves) or seen failed by it (and moved). The egress's row is read the same way by every fall.
 */
@ApplicationScoped
public class ProviderOutageStore {

    /** The row of our own egress ({@code egress.down}/{@code egress.restored}): no provider has id 0. */
    static final long EGRESS = 0;

    /** Records the start or end of a provider's outage unless a later record of it was applied; answers whether. */
    Uni<Boolean> record(Tx tx, ProviderOutageData outage, boolean inOutage) {
        return execute(tx.connection(), "INSERT INTO provider_outage (provider_id, in_outage, at) VALUES ($1, $2, $3) "
                + "ON CONFLICT (provider_id) DO UPDATE SET in_outage = excluded.in_outage, at = excluded.at "
                + "WHERE provider_outage.at < excluded.at", Tuple.of(outage.providerId(), inOutage,
                        OffsetDateTime.ofInstant(outage.at(), ZoneOffset.UTC))).map(rows -> rows.rowCount() > 0);
    }

    /**
     * Whether a proxy that just fell keeps its accounts, its provider's row and the egress's locked shared until the
     * transaction ends. While this service holds its provider in outage or our egress down, it does (a client's report
     * may fail it meanwhile with no outage on the event). Otherwise the event decides ({@code providerOutage}, judged
     * with the outages by health-service), unless the end of an outage (or the egress's return) was applied here after
     * the fall was judged: that end's sweep did not see this proxy failed, so the fall moves its accounts.
     */
    Uni<Boolean> keepsAccounts(Tx tx, long proxyId, HealthData fall) {
        return queryOne(tx.connection(), "SELECT coalesce(bool_or(o.in_outage), false), "
                + "coalesce(bool_or(o.at > $2), false) FROM (SELECT in_outage, at FROM provider_outage "
                + "WHERE provider_id = $3 OR provider_id = (SELECT provider_id FROM proxy WHERE id = $1) "
                + "ORDER BY provider_id FOR SHARE) o",
                Tuple.of(proxyId, OffsetDateTime.ofInstant(fall.at(), ZoneOffset.UTC), EGRESS),
                row -> row.getBoolean(0) || fall.providerOutage() && !row.getBoolean(1))
                // an aggregate answers one row, without rows to aggregate too
                .map(Optional::orElseThrow);
    }

    /** Whether our egress is down as this service holds it, its row locked shared until the transaction ends. */
    Uni<Boolean> egressDown(Tx tx) {
        return queryOne(tx.connection(), "SELECT in_outage FROM provider_outage WHERE provider_id = $1 FOR SHARE",
                Tuple.of(EGRESS), row -> row.getBoolean(0)).map(down -> down.orElse(false));
    }
}
