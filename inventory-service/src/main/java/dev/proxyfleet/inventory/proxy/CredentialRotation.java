package dev.proxyfleet.inventory.proxy;

import dev.proxyfleet.contracts.ApiKeyData;
import dev.proxyfleet.contracts.EventData;
import dev.proxyfleet.contracts.EventType;
import dev.proxyfleet.contracts.Protocol;
import dev.proxyfleet.contracts.ProxyData;
import dev.proxyfleet.crypto.ApiKeyBinding;
import dev.proxyfleet.crypto.CredentialBinding;
import dev.proxyfleet.crypto.CredentialCipher;
import dev.proxyfleet.crypto.EncryptedSecret;
import dev.proxyfleet.crypto.SecretBinding;
import dev.proxyfleet.inventory.audit.AuditTrail;
import dev.proxyfleet.inventory.audit.AuditedEntity;
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
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Re-encrypts every stored secret (proxy passwords, then API key secrets) that is not under the primary key or not
 * bound to its owner (stored by a version before ciphertexts were bound), in batches of short transactions; each
 * changed proxy emits {@code proxy.updated} and each changed key {@code key.updated} with its new ciphertext and key
 * id, so consumers follow. It runs at every start, which is how ciphertexts stored before the binding are migrated
 * (and how a rotation left unfinished completes), and on request after a key rotation.
 */
@ApplicationScoped
public class CredentialRotation {

    static final int BATCH = 500;

    /**
     * One kind of stored secret: the next batch to re-encrypt, locked so that no change slips in between reading a
     * secret and storing it re-encrypted (a replica starting beside another skips nothing: it waits for the rows the
     * other holds, and then finds them done); the update of a batch as one statement, a new version each as an update
     * through the entity would be; and what a row is bound to and publishes.
     */
    private record Secrets(String stale, String reEncrypt, String ciphertextColumn,
            Function<Row, SecretBinding> binding, EventType updated, Function<Row, EventData> event, AuditedEntity audited) {
    }

    private static final Secrets PASSWORDS = new Secrets(
            "SELECT id, host, port, password_ciphertext, key_id FROM proxy "
                    + "WHERE key_id IS NOT NULL AND (key_id <> $1 OR NOT starts_with(password_ciphertext, $2)) "
                    + "ORDER BY id LIMIT $3 FOR UPDATE",
            "UPDATE proxy p SET password_ciphertext = r.ciphertext, key_id = r.key_id, "
                    + "version = p.version + 1, updated_at = now() "
                    + "FROM unnest($1::bigint[], $2::text[], $3::text[]) AS r(id, ciphertext, key_id) WHERE p.id = r.id "
                    + "RETURNING p.id, p.host, p.port, p.protocol, p.username, p.password_ciphertext, p.key_id, "
                    + "p.provider_id, p.location, p.labels, p.priority, p.enabled, p.max_accounts, p.max_keys, p.vps_id, "
                    + "p.version, p.updated_at",
            "password_ciphertext",
            row -> new CredentialBinding(row.getLong("id"), row.getString("host"), row.getInteger("port")),
            EventType.PROXY_UPDATED, CredentialRotation::proxyData, AuditedEntity.PROXY);

    private static final Secrets API_KEYS = new Secrets(
            "SELECT id, proxy_id, secret_ciphertext, key_id FROM api_key "
                    + "WHERE key_id <> $1 OR NOT starts_with(secret_ciphertext, $2) ORDER BY id LIMIT $3 FOR UPDATE",
            "UPDATE api_key k SET secret_ciphertext = r.ciphertext, key_id = r.key_id, "
                    + "version = k.version + 1, updated_at = now() "
                    + "FROM unnest($1::bigint[], $2::text[], $3::text[]) AS r(id, ciphertext, key_id) WHERE k.id = r.id "
                    + "RETURNING k.id, k.proxy_id, k.name, k.pool, k.secret_ciphertext, k.key_id, k.version",
            "secret_ciphertext",
            row -> new ApiKeyBinding(row.getLong("id"), row.getLong("proxy_id")),
            EventType.KEY_UPDATED, CredentialRotation::apiKeyData, AuditedEntity.KEY);

    private final Transactions transactions;
    private final CredentialCipher cipher;
    private final Outbox outbox;
    private final AuditTrail audit;

    public CredentialRotation(Transactions transactions, CredentialCipher cipher, Outbox outbox, AuditTrail audit) {
        this.transactions = transactions;
        this.cipher = cipher;
        this.outbox = outbox;
        this.audit = audit;
    }

    /** What a rotation did. */
    public record Result(String keyId, int reEncrypted) {
    }

    /**
     * Starts the re-encryption without holding up the start: a secret that cannot be decrypted (its key is gone)
     * fails it, and that is for an operator to see in the log and settle, not a reason to stay down.
     */
    void onStart(@Observes StartupEvent start) {
        reEncryptAll(ProxyService.SYSTEM).subscribe().with(done -> { }, failure -> Log.errorf(
                "Re-encrypting stored secrets at start-up failed, retry with POST /api/admin/credentials/re-encrypt: %s",
                failure.getMessage()));
    }

    /** Re-encrypts what needs it, each secret audited with {@code actor}. */
    public Uni<Result> reEncryptAll(String actor) {
        return reEncryptAll(PASSWORDS, actor).chain(passwords -> reEncryptAll(API_KEYS, actor).map(keys -> {
            Log.infof("Re-encrypted %d proxy passwords and %d API key secrets under key %s", passwords, keys,
                    cipher.primaryKeyId());
            return new Result(cipher.primaryKeyId(), passwords + keys);
        }));
    }

    private Uni<Integer> reEncryptAll(Secrets secrets, String actor) {
        return Multi.createBy().repeating().uni(() -> transactions.inTransaction(tx -> reEncryptBatch(tx, secrets, actor)))
                .whilst(batch -> batch == BATCH)
                .collect().with(Collectors.summingInt(Integer::intValue));
    }

    private Uni<Integer> reEncryptBatch(Tx tx, Secrets secrets, String actor) {
        return tx.connection().preparedQuery(secrets.stale())
                .execute(Tuple.of(cipher.primaryKeyId(), CredentialCipher.BOUND_PREFIX, BATCH)).chain(stale -> {
            List<Long> ids = new ArrayList<>();
            List<String> ciphertexts = new ArrayList<>();
            List<String> keyIds = new ArrayList<>();
            List<String> oldKeyIds = new ArrayList<>();
            for (Row row : stale) {
                SecretBinding binding = secrets.binding().apply(row);
                EncryptedSecret stored = new EncryptedSecret(row.getString(secrets.ciphertextColumn()),
                        row.getString("key_id"));
                EncryptedSecret fresh = cipher.reEncrypt(stored, binding, binding);
                ids.add(row.getLong("id"));
                ciphertexts.add(fresh.ciphertext());
                keyIds.add(fresh.keyId());
                oldKeyIds.add(stored.keyId());
            }
            if (ids.isEmpty()) {
                return Uni.createFrom().item(0);
            }
            return tx.connection().preparedQuery(secrets.reEncrypt())
                    .execute(Tuple.of(ids.toArray(Long[]::new), ciphertexts.toArray(String[]::new),
                            keyIds.toArray(String[]::new)))
                    .chain(updated -> {
                        List<Row> rows = new ArrayList<>(ids.size());
                        updated.forEach(rows::add);
                        // RETURNING has no order; the events keep the order of the batch, as updates by id would.
                        rows.sort(Comparator.comparingLong(row -> row.getLong("id")));
                        return outbox.appendAll(tx, secrets.updated(), rows.stream().map(secrets.event()).toList());
                    })
                    .chain(() -> audit.reEncrypted(tx, secrets.audited(), ids, oldKeyIds, cipher.primaryKeyId(), actor))
                    .replaceWith(ids.size());
        });
    }

    private static EventData proxyData(Row row) {
        return new ProxyData(row.getLong("id"), row.getString("host"), row.getInteger("port"),
                Protocol.valueOf(row.getString("protocol")), row.getString("username"),
                row.getString("password_ciphertext"), row.getString("key_id"), row.getLong("provider_id"),
                row.getString("location"), Arrays.asList(row.getArrayOfStrings("labels")), row.getInteger("priority"),
                row.getBoolean("enabled"), row.getInteger("max_accounts"), row.getInteger("max_keys"),
                row.getLong("vps_id"), row.getLong("version"), row.getOffsetDateTime("updated_at").toInstant());
    }

    private static EventData apiKeyData(Row row) {
        return new ApiKeyData(row.getLong("id"), row.getLong("proxy_id"), row.getString("name"), row.getString("pool"),
                row.getString("secret_ciphertext"), row.getString("key_id"), row.getLong("version"));
    }
}
