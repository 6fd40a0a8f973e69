package dev.proxyfleet.inventory.proxy;

import dev.proxyfleet.contracts.EventType;
import dev.proxyfleet.contracts.Protocol;
import dev.proxyfleet.contracts.ProxyData;
import dev.proxyfleet.crypto.CredentialBinding;
import dev.proxyfleet.crypto.CredentialCipher;
import dev.proxyfleet.crypto.EncryptedSecret;
import dev.proxyfleet.messaging.Outbox;
import dev.proxyfleet.messaging.Transactions;
import dev.proxyfleet.messaging.Tx;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Re-encrypts every password that is not under the primary key or not bound to its proxy (stored by a version before
 * ciphertexts were bound), in batches of short transactions; each changed proxy emits {@code proxy.updated} with its
 * new ciphertext and key id, so consumers follow. It runs at every start, which is how ciphertexts stored before the
 * binding are migrated (and how a rotation left unfinished completes), and on request after a key rotation.
 */
@ApplicationScoped
public class CredentialRotation {

    static final int BATCH = 500;

    /**
     * The next batch, locked so that no change slips in between reading a password and storing it re-encrypted. A
     * replica starting beside another skips nothing: it waits for the rows the other holds, and then finds them done.
     */
    private static final String STALE = "SELECT id, host, port, password_ciphertext, key_id FROM proxy "
            + "WHERE key_id IS NOT NULL AND (key_id <> $1 OR NOT starts_with(password_ciphertext, $2)) "
            + "ORDER BY id LIMIT $3 FOR UPDATE";

    /** One statement per batch; a change is a new version, as an update through the entity would be. */
    private static final String RE_ENCRYPT = "UPDATE proxy p SET password_ciphertext = r.ciphertext, key_id = r.key_id, "
            + "version = p.version + 1, updated_at = now() "
            + "FROM unnest($1::bigint[], $2::text[], $3::text[]) AS r(id, ciphertext, key_id) WHERE p.id = r.id "
            + "RETURNING p.id, p.host, p.port, p.protocol, p.username, p.password_ciphertext, p.key_id, p.provider_id, "
            + "p.location, p.labels, p.priority, p.enabled, p.max_accounts, p.vps_id, p.version, p.updated_at";

    private final Transactions transactions;
    private final CredentialCipher cipher;
    private final Outbox outbox;

    public CredentialRotation(Transactions transactions, CredentialCipher cipher, Outbox outbox) {
        this.transactions = transactions;
        this.cipher = cipher;
        this.outbox = outbox;
    }

    /** What a rotation did. */
    public record Result(String keyId, int reEncrypted) {
    }

    /**
     * Starts the re-encryption without holding up the start: a password that cannot be decrypted (its key is gone)
     * fails it, and that is for an operator to see in the log and settle, not a reason to stay down.
     */
    void onStart(@Observes StartupEvent start) {
        reEncryptAll().subscribe().with(done -> { }, failure -> Log.errorf(
                "Re-encrypting proxy passwords at start-up failed, retry with POST /api/admin/credentials/re-encrypt: %s",
                failure.getMessage()));
    }

    public Uni<Result> reEncryptAll() {
        return Multi.createBy().repeating().uni(() -> transactions.inTransaction(this::reEncryptBatch))
                .whilst(batch -> batch == BATCH)
                .collect().with(Collectors.summingInt(Integer::intValue))
                .map(total -> {
                    Log.infof("Re-encrypted %d proxy passwords under key %s", total, cipher.primaryKeyId());
                    return new Result(cipher.primaryKeyId(), total);
                });
    }

    private Uni<Integer> reEncryptBatch(Tx tx) {
        return tx.connection().preparedQuery(STALE)
                .execute(Tuple.of(cipher.primaryKeyId(), CredentialCipher.BOUND_PREFIX, BATCH)).chain(stale -> {
            List<Long> ids = new ArrayList<>();
            List<String> ciphertexts = new ArrayList<>();
            List<String> keyIds = new ArrayList<>();
            for (Row row : stale) {
                CredentialBinding binding = new CredentialBinding(row.getLong("id"), row.getString("host"),
                        row.getInteger("port"));
                EncryptedSecret stored = new EncryptedSecret(row.getString("password_ciphertext"), row.getString("key_id"));
                EncryptedSecret fresh = cipher.reEncrypt(stored, binding, binding);
                ids.add(row.getLong("id"));
                ciphertexts.add(fresh.ciphertext());
                keyIds.add(fresh.keyId());
            }
            if (ids.isEmpty()) {
                return Uni.createFrom().item(0);
            }
            return tx.connection().preparedQuery(RE_ENCRYPT)
                    .execute(Tuple.of(ids.toArray(Long[]::new), ciphertexts.toArray(String[]::new),
                            keyIds.toArray(String[]::new)))
                    .chain(updated -> {
                        List<ProxyData> events = new ArrayList<>(ids.size());
                        updated.forEach(row -> events.add(toEventData(row)));
                        // RETURNING has no order; the events keep the order of the batch, as updates by id would.
                        events.sort(Comparator.comparingLong(ProxyData::id));
                        return outbox.appendAll(tx, EventType.PROXY_UPDATED, events);
                    })
                    .replaceWith(ids.size());
        });
    }

    private static ProxyData toEventData(Row row) {
        return new ProxyData(row.getLong("id"), row.getString("host"), row.getInteger("port"),
                Protocol.valueOf(row.getString("protocol")), row.getString("username"),
                row.getString("password_ciphertext"), row.getString("key_id"), row.getLong("provider_id"),
                row.getString("location"), Arrays.asList(row.getArrayOfStrings("labels")), row.getInteger("priority"),
                row.getBoolean("enabled"), row.getInteger("max_accounts"), row.getLong("vps_id"),
                row.getLong("version"), row.getOffsetDateTime("updated_at").toInstant());
    }
}
