package dev.proxyfleet.inventory.proxy;

import dev.proxyfleet.inventory.Database;
import dev.proxyfleet.localinfra.FleetTestResource;
import dev.proxyfleet.localinfra.PostgresServer;
import dev.proxyfleet.localinfra.TestInfra;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.sql.SQLException;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.flywaydb.core.Flyway;

/**
 * The database as a version before ciphertexts were bound to their proxy leaves it, before the service starts: the
 * schema, and a proxy whose password is encrypted the old way (AES-GCM without associated data, plain base64) under
 * the test key {@code test-old}. Its host goes to the test as {@value #HOST_PROPERTY}.
 */
public class LegacyCiphertexts extends FleetTestResource {

    static final String HOST_PROPERTY = "test.legacy-proxy-host";
    static final String PASSWORD = "pw-secret-legacy";
    /** {@code test-old} of application.properties' test profile. */
    private static final String OLD_KEY = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new HashMap<>(super.start());
        // The service's own migrations, as its Flyway would run them; it then finds nothing left to do.
        Flyway.configure().dataSource(TestInfra.get().jdbcUrl(), PostgresServer.USER, PostgresServer.PASSWORD)
                .outOfOrder(true).load().migrate();
        String host = "legacy" + System.nanoTime() + ".example";
        try {
            Database.execute("INSERT INTO proxy (host, port, protocol, username, password_ciphertext, key_id) "
                    + "VALUES (?, 3128, 'HTTP', 'legacy', ?, 'test-old')", host, unboundCiphertext(PASSWORD));
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        config.put(HOST_PROPERTY, host);
        return config;
    }

    private static String unboundCiphertext(String password) {
        try {
            byte[] iv = new byte[12];
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(Base64.getDecoder().decode(OLD_KEY), "AES"),
                    new GCMParameterSpec(128, iv));
            byte[] sealed = cipher.doFinal(password.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(ByteBuffer.allocate(iv.length + sealed.length).put(iv).put(sealed).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
