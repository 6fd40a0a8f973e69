package dev.proxyfleet.status.projection;

import dev.proxyfleet.status.model.FleetModel;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Which proxies one transaction changed (and whether a provider did), announced to every replica's model by a
 * PostgreSQL {@code NOTIFY} on {@value #CHANNEL} inside that transaction. PostgreSQL delivers notifications at the
 * commit and drops them on a rollback, so what the API and the WebSocket show is always what PostgreSQL holds, on
 * every replica, whichever replica's consumer applied the events.
 * <p>
 * A payload is the changed ids, comma-separated, or {@value #EVERYTHING} when a provider changed (every proxy shows its
 * provider's name). PostgreSQL takes payloads shorter than 8000 bytes, so a transaction that changed more ids sends
 * several notifications, all in one statement.
 */
public final class TouchedProxies {

    /** The channel of the read model's changes. */
    static final String CHANNEL = "status_model";
    /** The longest payload PostgreSQL takes, in bytes (ids and commas are ASCII). */
    static final int MAX_PAYLOAD = 7999;
    private static final String EVERYTHING = "*";

    private final Set<Long> ids = new HashSet<>();
    private boolean provider;

    /** Marks proxies (null ids are ignored) as changed. */
    public void proxies(Long... changed) {
        for (Long id : changed) {
            if (id != null) {
                ids.add(id);
            }
        }
    }

    /** Marks a provider as changed: its figures or its outage, and what every proxy shows (its provider's name). */
    void provider() {
        provider = true;
    }

    /** Notifies the changes on the transaction's connection; nothing when the transaction changed nothing shown. */
    public Uni<Void> announce(SqlConnection connection) {
        List<String> payloads = payloads();
        if (payloads.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return connection.preparedQuery("SELECT pg_notify($1, payload) FROM unnest($2::text[]) AS payload")
                .execute(Tuple.of(CHANNEL, payloads.toArray(String[]::new))).replaceWithVoid();
    }

    /** The notifications' payloads, each shorter than PostgreSQL's limit. */
    List<String> payloads() {
        if (provider) {
            return List.of(EVERYTHING);
        }
        List<String> payloads = new ArrayList<>();
        StringBuilder payload = new StringBuilder();
        for (Long id : ids) {
            String next = id.toString();
            if (payload.length() + 1 + next.length() > MAX_PAYLOAD) {
                payloads.add(payload.toString());
                payload.setLength(0);
            }
            payload.append(payload.isEmpty() ? "" : ",").append(next);
        }
        if (!payload.isEmpty()) {
            payloads.add(payload.toString());
        }
        return payloads;
    }

    /** Has the model read again what a notification's payload names. */
    static void handTo(String payload, FleetModel model) {
        if (EVERYTHING.equals(payload)) {
            model.everythingChanged();
            return;
        }
        Set<Long> changed = new HashSet<>();
        for (String id : payload.split(",")) {
            changed.add(Long.valueOf(id));
        }
        model.changed(changed);
    }
}
