package dev.proxyfleet.inventory.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.proxyfleet.messaging.Tx;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * Writes the audit trail, always in the transaction of the change it records, so that an entry commits and rolls back
 * with its change: none is lost, none is invented. Changes made through Hibernate write through its session (as
 * {@code SessionOutbox} does, for the same reason); set-wise ones on their {@link Tx}.
 */
@ApplicationScoped
public class AuditTrail {

    // CAST twice: a parameter typed jsonb would take a Java string for a JSON string value.
    private static final String INSERT = "INSERT INTO audit_entry (at, actor, entity, entity_id, action, changes) "
            + "VALUES ($1, $2, $3, $4, $5, CAST(CAST($6 AS text) AS jsonb))";
    private static final String SESSION_INSERT = INSERT.replaceAll("\\$(\\d+)", "?$1");
    /** A change the system made, with its reason (Hibernate cannot type a null parameter, so people's go without). */
    private static final String SESSION_INSERT_WITH_REASON = SESSION_INSERT.replace("changes)", "changes, reason)")
            .replace("jsonb))", "jsonb), ?7)");

    private static final String RE_ENCRYPTED = "INSERT INTO audit_entry (at, actor, entity, entity_id, action, changes) "
            + "SELECT $1, $2, $3, r.id::text, 're-encrypted', "
            + "jsonb_build_object('encryptionKey', jsonb_build_object('old', r.old_key, 'new', $4::text)) "
            + "FROM unnest($5::bigint[], $6::text[]) AS r(id, old_key)";

    private final ObjectMapper mapper;

    public AuditTrail(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** An entity's state to compare with its state after a change ({@link #updated}). */
    public JsonNode snapshot(Object entity) {
        return mapper.valueToTree(entity);
    }

    public Uni<Void> created(AuditedEntity entity, Object id, Object created, String actor) {
        return append(entity, id, "created", Changes.between(null, snapshot(created)), actor, null);
    }

    /** Records the fields that differ from {@code before}; a change that changed nothing records nothing. */
    public Uni<Void> updated(AuditedEntity entity, Object id, JsonNode before, Object updated, String actor) {
        return updated(entity, id, before, updated, actor, null);
    }

    /** The same for a change the system made, with why ({@code auto-disabled}); a person's change has no reason. */
    public Uni<Void> updated(AuditedEntity entity, Object id, JsonNode before, Object updated, String actor,
            String reason) {
        ObjectNode changes = Changes.between(before, snapshot(updated));
        return changes.isEmpty() ? Uni.createFrom().voidItem() : append(entity, id, "updated", changes, actor, reason);
    }

    public Uni<Void> deleted(AuditedEntity entity, Object id, Object deleted, String actor) {
        return append(entity, id, "deleted", Changes.between(snapshot(deleted), null), actor, null);
    }

    /** Records a set-wise change (an import) of many entities as one entry, with {@code summary} as its changes. */
    public Uni<Void> append(Tx tx, AuditedEntity entity, String action, Object summary, String actor) {
        return tx.connection().preparedQuery(INSERT).execute(Tuple.from(new Object[] {now(), actor, entity.key(), null,
            action, json(summary)})).replaceWithVoid();
    }

    /**
     * Records that these entities' stored secrets were re-encrypted, one entry each, on the {@link Tx}: the secret is
     * not changed and not shown; the key it is encrypted under, whose id is no secret, is.
     */
    public Uni<Void> reEncrypted(Tx tx, AuditedEntity entity, List<Long> ids, List<String> oldKeyIds, String newKeyId,
            String actor) {
        return tx.connection().preparedQuery(RE_ENCRYPTED).execute(Tuple.from(new Object[] {now(), actor, entity.key(),
            newKeyId, ids.toArray(Long[]::new), oldKeyIds.toArray(String[]::new)})).replaceWithVoid();
    }

    private Uni<Void> append(AuditedEntity entity, Object id, String action, ObjectNode changes, String actor,
            String reason) {
        // Hibernate cannot type a null parameter: every entity recorded through the session has an id.
        return Panache.getSession().chain(session -> withReason(session.createNativeQuery(
                        reason == null ? SESSION_INSERT : SESSION_INSERT_WITH_REASON), reason)
                .setParameter(1, now())
                .setParameter(2, actor)
                .setParameter(3, entity.key())
                .setParameter(4, id.toString())
                .setParameter(5, action)
                .setParameter(6, json(changes))
                .executeUpdate()).replaceWithVoid();
    }

    private static <R> Mutiny.Query<R> withReason(Mutiny.Query<R> query, String reason) {
        return reason == null ? query : query.setParameter(7, reason);
    }

    private String json(Object changes) {
        try {
            return mapper.writeValueAsString(changes);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("audit changes could not be written as JSON", e);
        }
    }

    private static OffsetDateTime now() {
        return OffsetDateTime.ofInstant(Instant.now().truncatedTo(ChronoUnit.MICROS), ZoneOffset.UTC);
    }
}
