package dev.proxyfleet.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.UUID;
import javax.sql.DataSource;

/** The consumer side's dedupe: which event ids were already applied (the inbox half of the outbox pattern). */
@ApplicationScoped
public class ConsumedEvents {

    private final DataSource dataSource;

    public ConsumedEvents(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Records an event id in the caller's transaction.
     *
     * @return true the first time, false when the event was already applied (a redelivery)
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean markNew(UUID eventId, String topic) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement insert = connection.prepareStatement(
                        "INSERT INTO consumed_event (event_id, topic) VALUES (?, ?) ON CONFLICT DO NOTHING")) {
            insert.setObject(1, eventId);
            insert.setString(2, topic);
            return insert.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot record consumed event: " + e.getMessage(), e);
        }
    }
}
