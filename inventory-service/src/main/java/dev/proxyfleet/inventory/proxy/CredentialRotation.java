package dev.proxyfleet.inventory.proxy;

import dev.proxyfleet.contracts.EventType;
import dev.proxyfleet.contracts.ProxyData;
import dev.proxyfleet.crypto.CredentialCipher;
import dev.proxyfleet.crypto.EncryptedSecret;
import dev.proxyfleet.messaging.Outbox;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/**
 * Re-encrypts every password that is not under the primary key, in batches of short transactions; each changed
 * proxy emits {@code proxy.updated} with its new ciphertext and key id, so consumers follow the rotation.
 */
@ApplicationScoped
public class CredentialRotation {

    static final int BATCH = 500;

    private final ProxyRepository proxies;
    private final CredentialCipher cipher;
    private final Outbox outbox;

    public CredentialRotation(ProxyRepository proxies, CredentialCipher cipher, Outbox outbox) {
        this.proxies = proxies;
        this.cipher = cipher;
        this.outbox = outbox;
    }

    /** What a rotation did. */
    public record Result(String keyId, int reEncrypted) {
    }

    public Result reEncryptAll() {
        int total = 0;
        int batch;
        do {
            batch = QuarkusTransaction.requiringNew().call(this::reEncryptBatch);
            total += batch;
        } while (batch == BATCH);
        Log.infof("Re-encrypted %d proxy passwords under key %s", total, cipher.primaryKeyId());
        return new Result(cipher.primaryKeyId(), total);
    }

    private int reEncryptBatch() {
        List<Proxy> stale = proxies.find("keyId is not null and keyId <> ?1 order by id", cipher.primaryKeyId())
                .page(0, BATCH).list();
        for (Proxy proxy : stale) {
            String plain = cipher.decrypt(new EncryptedSecret(proxy.passwordCiphertext, proxy.keyId));
            EncryptedSecret fresh = cipher.encrypt(plain);
            proxy.passwordCiphertext = fresh.ciphertext();
            proxy.keyId = fresh.keyId();
        }
        proxies.flush();
        List<ProxyData> events = stale.stream().map(Proxy::toEventData).toList();
        outbox.appendAll(EventType.PROXY_UPDATED, events);
        return stale.size();
    }
}
