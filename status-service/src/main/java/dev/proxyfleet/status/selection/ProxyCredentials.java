package dev.proxyfleet.status.selection;

import dev.proxyfleet.crypto.CredentialBinding;
import dev.proxyfleet.crypto.CredentialCipher;
import dev.proxyfleet.crypto.EncryptedSecret;
import dev.proxyfleet.status.model.ProxyStatus;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Locale;

/**
 * The one place a proxy's password leaves the system in clear: a ready-to-use proxy URL for a caller with the
 * {@code consumer} role. Every hand-out is logged with who and which proxy, never the secret. The password is
 * decrypted for the proxy's id, host and port, the ones in the URL: a ciphertext that someone able to write to the
 * broker copied from another proxy, or kept while pointing its proxy at a host of theirs, does not decrypt, and the
 * caller gets an error instead of the URL.
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
                    String url = url(proxy, credential, caller);
                    Log.infof("Credentials of proxy %d handed to %s", proxy.id(), caller);
                    return url;
                });
    }

    private String url(ProxyStatus proxy, Credential credential, String caller) {
        String host = proxy.host().contains(":") ? "[" + proxy.host() + "]" : proxy.host();
        return proxy.protocol().toLowerCase(Locale.ROOT) + "://" + userInfo(proxy, credential, caller) + host + ":"
                + proxy.port();
    }

    private String userInfo(ProxyStatus proxy, Credential credential, String caller) {
        if (credential.username() == null) {
            return "";
        }
        String user = encode(credential.username());
        if (credential.ciphertext() == null) {
            return user + "@";
        }
        return user + ":" + encode(password(proxy, credential, caller)) + "@";
    }

    private String password(ProxyStatus proxy, Credential credential, String caller) {
        try {
            return cipher.decrypt(new EncryptedSecret(credential.ciphertext(), credential.keyId()),
                    new CredentialBinding(proxy.id(), proxy.host(), proxy.port()));
        } catch (IllegalStateException notItsOwn) {
            Log.warnf("Credentials of proxy %d not handed to %s: %s", proxy.id(), caller, notItsOwn.getMessage());
            throw new WebApplicationException("the stored password of proxy " + proxy.id()
                    + " does not decrypt for it, so it is not handed out (see the service's log)",
                    Response.Status.INTERNAL_SERVER_ERROR);
        }
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
