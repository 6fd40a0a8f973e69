package dev.proxyfleet.messaging;

import dev.proxyfleet.contracts.CloudEvent;
import dev.proxyfleet.contracts.EventData;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** The consumer side's dedupe: which event ids were already applied (the inbox half of the outbox pattern). */
@ApplicationScoped
public class ConsumedEvents {

    private static final String INSERT = "INSERT INTO consumed_event (event_id, topic) "
            + "SELECT * FROM unnest($1::uuid[], $2::text[]) ON CONFLICT DO NOTHING RETURNING event_id";

    /**
     * Records the events' ids in the transaction, in one statement.
     *
     * @param topics the topic of each event, in the same order
     * @return the events seen for the first time, in their order; an id repeated in the list counts once
     */
    public Uni<List<CloudEvent<EventData>>> keepNew(Tx tx, List<CloudEvent<EventData>> events, List<String> topics) {
        UUID[] ids = events.stream().map(CloudEvent::id).toArray(UUID[]::new);
        return tx.connection().preparedQuery(INSERT).execute(Tuple.of(ids, topics.toArray(String[]::new)))
                .map(rows -> {
                    Set<UUID> inserted = new HashSet<>();
                    for (Row row : rows) {
                        inserted.add(row.getUUID(0));
                    }
                    List<CloudEvent<EventData>> fresh = new ArrayList<>();
                    for (CloudEvent<EventData> event : events) {
                        if (inserted.remove(event.id())) {
                            fresh.add(event);
                        }
                    }
                    return fresh;
                });
    }
}
