package dev.proxyfleet.status.selection;

import dev.proxyfleet.crypto.ApiKeyBinding;
import dev.proxyfleet.crypto.CredentialCipher;
import dev.proxyfleet.crypto.EncryptedSecret;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.util.Iterator;

/**
 * The one place an API key's secret leaves the system in clear, for a caller with the {@code consumer} role. Every
 * hand-out is logged with who, which key and which proxy, never the secret. The secret is decrypted for the key and
 * the proxy its event binds it to: a ciphertext that someone able to write to the broker copied from another key, or
 * kept while moving its key to a proxy of theirs, does not decrypt, and the caller gets an error instead.
 */
@ApplicationScoped
public class KeySecrets {

    private final Pool pool;
    private final CredentialCipher cipher;

    public KeySecrets(Pool pool, CredentialCipher cipher) {
        this.pool = pool;
        this.cipher = cipher;
    }

    /** The secret of this key on this proxy. */
    public Uni<String> secret(long keyId, long proxyId, String caller) {
        return pool.preparedQuery("SELECT secret_ciphertext, key_id FROM api_key WHERE id = $1 AND proxy_id = $2 "
                + "AND NOT deleted").execute(Tuple.of(keyId, proxyId)).map(rows -> {
                    Iterator<Row> found = rows.iterator();
                    if (!found.hasNext()) {
                        throw new WebApplicationException("API key " + keyId + " was deleted meanwhile; ask again",
                                Response.Status.CONFLICT);
                    }
                    Row row = found.next();
                    String secret = decrypt(new EncryptedSecret(row.getString(0), row.getString(1)),
                            new ApiKeyBinding(keyId, proxyId), caller);
                    Log.infof("Secret of API key %d (proxy %d) handed to %s", keyId, proxyId, caller);
                    return secret;
                });
    }

    private String decrypt(EncryptedSecret secret, ApiKeyBinding binding, String caller) {
        try {
            return cipher.decrypt(secret, binding);
        } catch (IllegalStateException notItsOwn) {
            Log.warnf("Secret of %s not handed to %s: %s", binding.describe(), caller, notItsOwn.getMessage());
            throw new WebApplicationException("the stored secret of " + binding.describe()
                    + " does not decrypt for it, so it is not handed out (see the service's log)",
                    Response.Status.INTERNAL_SERVER_ERROR);
        }
    }
}
