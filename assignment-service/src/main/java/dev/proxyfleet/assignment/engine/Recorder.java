package dev.proxyfleet.assignment.engine;

import dev.proxyfleet.contracts.AssignmentData;
import dev.proxyfleet.contracts.AssignmentReason;
import dev.proxyfleet.contracts.EventType;
import dev.proxyfleet.messaging.Outbox;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/** Every assignment change goes into the history and out as an {@code assignment.*} event, in one transaction. */
@ApplicationScoped
public class Recorder {

    /** Who made a change: the system, or the caller of the REST API. */
    public static final String SYSTEM = "system";

    private final Db db;
    private final Outbox outbox;

    public Recorder(Db db, Outbox outbox) {
        this.db = db;
        this.outbox = outbox;
    }

    /**
     * @param proxyId the proxy the account holds after the change (the one it left, for {@code released})
     */
    public void record(EventType type, String accountId, String modelId, Long proxyId, Long previousProxyId,
            AssignmentReason reason, String actor) {
        Instant at = Instant.now().truncatedTo(ChronoUnit.MICROS);
        String action = type.ceType().substring("assignment.".length());
        db.update("INSERT INTO assignment_history (account_id, model_id, action, proxy_id, previous_proxy_id, reason, actor, at) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?)", accountId, modelId, action, proxyId, previousProxyId,
                reason.name().toLowerCase(Locale.ROOT), actor, java.sql.Timestamp.from(at));
        Integer count = proxyId == null ? null
                : db.queryOne("SELECT account_count FROM proxy WHERE id = ?", rs -> rs.getInt(1), proxyId).orElse(null);
        outbox.append(type, new AssignmentData(accountId, modelId, proxyId, previousProxyId, reason, count, at));
    }
}
