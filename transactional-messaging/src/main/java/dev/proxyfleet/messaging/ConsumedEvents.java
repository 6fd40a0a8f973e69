package dev.proxyfleet.messaging;

import dev.proxyfleet.contracts.CloudEvent;
import dev.proxyfleet.contracts.EventData;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;

/** The consumer side's dedupe: which event ids were already applied (the inbox half of the outbox pattern). */
@ApplicationScoped
public class ConsumedEvents {

    private static final String INSERT = "INSERT INTO consumed_event (event_id, topic) "
            + "SELECT * FROM unnest(?::uuid[], ?::text[]) ON CONFLICT DO NOTHING RETURNING event_id";

    private final DataSource dataSource;

    public ConsumedEvents(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Records the events' ids in the caller's transaction, in one statement.
     *
     * @param topics the topic of each event, in the same order
     * @return the events seen for the first time, in their order; an id repeated in the list counts once
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<CloudEvent<EventData>> keepNew(List<CloudEvent<EventData>> events, List<String> topics) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement insert = connection.prepareStatement(INSERT)) {
            Array ids = connection.createArrayOf("uuid", events.stream().map(CloudEvent::id).toArray());
            insert.setArray(1, ids);
            insert.setArray(2, connection.createArrayOf("text", topics.toArray()));
            Set<UUID> inserted = new HashSet<>();
            try (ResultSet rs = insert.executeQuery()) {
                while (rs.next()) {
                    inserted.add(rs.getObject(1, UUID.class));
                }
            }
            List<CloudEvent<EventData>> fresh = new ArrayList<>();
            for (CloudEvent<EventData> event : events) {
                if (inserted.remove(event.id())) {
                    fresh.add(event);
                }
            }
            return fresh;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot record consumed events: " + e.getMessage(), e);
        }
    }
}
