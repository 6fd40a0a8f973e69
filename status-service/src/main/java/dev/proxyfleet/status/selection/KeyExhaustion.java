package dev.proxyfleet.status.selection;

import dev.proxyfleet.messaging.LogCode;
import dev.proxyfleet.messaging.Transactions;
import dev.proxyfleet.status.model.FleetModel;
import dev.proxyfleet.status.model.ProxyStatus;
import dev.proxyfleet.status.projection.TouchedProxies;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.NotFoundException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Iterator;
import java.util.Objects;
import org.jboss.logging.Logger;

/**
 * Records that a consumer found a key exhausted (the upstream's rate limit) until an instant: in the read model, so
 * that every replica skips it, announced like a consumer's change ({@link TouchedProxies}). The answer waits until
 * this replica's model shows it, so that the caller's next request here does not get the same key again.
 */
@ApplicationScoped
public class KeyExhaustion {

    /** How long the answer waits for this replica's model; past it the change is stored anyway and shows soon. */
    private static final Duration SHOWN_WITHIN = Duration.ofSeconds(2);
    private static final Duration POLL = Duration.ofMillis(5);

    private final Transactions transactions;
    private final FleetModel model;

    public KeyExhaustion(Transactions transactions, FleetModel model) {
        this.transactions = transactions;
        this.model = model;
    }

    /**
     * Marks the key exhausted until {@code requested} (an instant in the past makes it usable again), kept to the
     * millisecond, as the model reads it back.
     */
    public Uni<Void> exhausted(long keyId, Instant requested) {
        Instant until = requested.truncatedTo(ChronoUnit.MILLIS);
        return transactions.inTransaction(tx -> tx.connection()
                .preparedQuery("UPDATE api_key SET exhausted_until = $2 WHERE id = $1 AND NOT deleted RETURNING proxy_id")
                .execute(Tuple.of(keyId, OffsetDateTime.ofInstant(until, ZoneOffset.UTC)))
                .chain(rows -> {
                    Iterator<Row> updated = rows.iterator();
                    if (!updated.hasNext()) {
                        return Uni.createFrom().<Long>failure(
                                new NotFoundException("API key " + keyId + " does not exist"));
                    }
                    long proxyId = updated.next().getLong(0);
                    TouchedProxies touched = new TouchedProxies();
                    touched.proxies(proxyId);
                    return touched.announce(tx.connection()).replaceWith(proxyId);
                }))
                .invoke(proxyId -> LogCode.KEY_EXHAUSTED.log(KeyExhaustion.class, Logger.Level.INFO,
                        "key %d on proxy %d, skipped until %s", keyId, proxyId, until))
                .chain(proxyId -> shown(proxyId, keyId, until));
    }

    private Uni<Void> shown(long proxyId, long keyId, Instant until) {
        return Multi.createFrom().ticks().every(POLL)
                .filter(tick -> shows(proxyId, keyId, until))
                .toUni().ifNoItem().after(SHOWN_WITHIN).recoverWithItem(0L).replaceWithVoid();
    }

    /** Whether the model shows the key with this exhaustion, or no longer shows it at all. */
    private boolean shows(long proxyId, long keyId, Instant until) {
        ProxyStatus proxy = model.snapshot().proxies().get(proxyId);
        return proxy == null || proxy.apiKeys().stream().filter(key -> key.id() == keyId).findFirst()
                .map(key -> Objects.equals(key.exhaustedUntil(), until)).orElse(true);
    }
}
