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

/**
 * The {@code provider_outage} table: which providers are in outage. A provider's row is written (locked) when its
 * outage starts or ends and read with a shared lock when one of its proxies fails, so the two wait for each other: a
 * proxy failing while the outage ends is either judged after the end (and moves) or seen failed by it (and moved).
 */
@ApplicationScoped
public class ProviderOutageStore {

    /** Records the start or end of a provider's outage unless a later record of it was applied; answers whether. */
    Uni<Boolean> record(Tx tx, ProviderOutageData outage, boolean inOutage) {
        return execute(tx.connection(), "INSERT INTO provider_outage (provider_id, in_outage, at) VALUES ($1, $2, $3) "
                + "ON CONFLICT (provider_id) DO UPDATE SET in_outage = excluded.in_outage, at = excluded.at "
                + "WHERE provider_outage.at < excluded.at", Tuple.of(outage.providerId(), inOutage,
                        OffsetDateTime.ofInstant(outage.at(), ZoneOffset.UTC))).map(rows -> rows.rowCount() > 0);
    }

    /**
     * Whether a proxy that just fell keeps its accounts, its provider's row locked shared until the transaction ends.
     * While this service holds its provider in outage, it does (a client's report may fail it during the outage with
     * no outage on the event). Otherwise the event decides ({@code providerOutage}, judged with the outage by
     * health-service), unless the end of that outage was applied here after the fall was judged: the end's sweep did
     * not see this proxy failed, so the fall moves its accounts.
     */
    Uni<Boolean> keepsAccounts(Tx tx, long proxyId, HealthData fall) {
        return queryOne(tx.connection(), "SELECT o.in_outage, o.at > $2 FROM proxy p JOIN provider_outage o "
                + "ON o.provider_id = p.provider_id WHERE p.id = $1 FOR SHARE OF o",
                Tuple.of(proxyId, OffsetDateTime.ofInstant(fall.at(), ZoneOffset.UTC)),
                row -> row.getBoolean(0) || fall.providerOutage() && !row.getBoolean(1))
                .map(keeps -> keeps.orElse(fall.providerOutage()));
    }
}
