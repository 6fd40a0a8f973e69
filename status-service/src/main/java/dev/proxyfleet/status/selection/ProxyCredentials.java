package dev.proxyfleet.status.selection;

import dev.proxyfleet.crypto.CredentialCipher;
import dev.proxyfleet.crypto.EncryptedSecret;
import dev.proxyfleet.messaging.Sql;
import dev.proxyfleet.status.model.ProxyStatus;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The one place a proxy's password leaves the system in clear: a ready-to-use proxy URL for a caller with the
 * {@code consumer} role. Every hand-out is logged with who and which proxy, never the secret.
 */
@ApplicationScoped
public class ProxyCredentials {

    private final Sql sql;
    private final CredentialCipher cipher;

    public ProxyCredentials(Sql sql, CredentialCipher cipher) {
        this.sql = sql;
        this.cipher = cipher;
    }

    /** The proxy's URL with its username and password (percent-encoded) as user info; without user info when it has none. */
    public String proxyUrl(ProxyStatus proxy, String caller) {
        Credential credential = sql.query("SELECT username, password_ciphertext, key_id FROM proxy_credential WHERE proxy_id = ?",
                rs -> new Credential(rs.getString(1), rs.getString(2), rs.getString(3)), proxy.id())
                .stream().findFirst().orElse(new Credential(null, null, null));
        Log.infof("Credentials of proxy %d handed to %s", proxy.id(), caller);
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
    }
}
