package dev.proxyfleet.status.selection;

import dev.proxyfleet.crypto.CredentialCipher;
import dev.proxyfleet.crypto.EncryptedSecret;
import dev.proxyfleet.status.model.ProxyStatus;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Locale;

/**
 * The one place a proxy's password leaves the system in clear: a ready-to-use proxy URL for a caller with the
 * {@code consumer} role. Every hand-out is logged with who and which proxy, never the secret.
 */
@ApplicationScoped
public class ProxyCredentials {

    private final Pool pool;
    private final CredentialCipher cipher;

    public ProxyCredentials(Pool pool, CredentialCipher cipher) {
        this.pool = pool;
        this.cipher = cipher;
    }

    /** The proxy's URL with its username and password (percent-encoded) as user info; without user info when it has none. */
    public Uni<String> proxyUrl(ProxyStatus proxy, String caller) {
        return pool.preparedQuery("SELECT username, password_ciphertext, key_id FROM proxy_credential WHERE proxy_id = $1")
                .execute(Tuple.of(proxy.id())).map(rows -> {
                    Iterator<Row> found = rows.iterator();
                    Credential credential = found.hasNext() ? Credential.of(found.next()) : Credential.NONE;
                    Log.infof("Credentials of proxy %d handed to %s", proxy.id(), caller);
                    return url(proxy, credential);
                });
    }

    private String url(ProxyStatus proxy, Credential credential) {
        String host = proxy.host().contains(":") ? "[" + proxy.host() + "]" : proxy.host();
        return proxy.protocol().toLowerCase(Locale.ROOT) + "://" + userInfo(credential) + host + ":" + proxy.port();
    }

    private String userInfo(Credential credential) {
        if (credential.username() == null) {
            return "";
        }
        String user = encode(credential.username());
        if (credential.ciphertext() == null) {
            return user + "@";
        }
        return user + ":" + encode(cipher.decrypt(new EncryptedSecret(credential.ciphertext(), credential.keyId()))) + "@";
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private record Credential(String username, String ciphertext, String keyId) {

        static final Credential NONE = new Credential(null, null, null);

        static Credential of(Row row) {
            return new Credential(row.getString(0), row.getString(1), row.getString(2));
        }
    }
}
