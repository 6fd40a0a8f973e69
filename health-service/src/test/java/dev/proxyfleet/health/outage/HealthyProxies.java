package dev.proxyfleet.health.outage;

import dev.proxyfleet.contracts.EventType;
import dev.proxyfleet.contracts.HealthState;
import dev.proxyfleet.contracts.ProxyData;
import dev.proxyfleet.crypto.CredentialCipher;
import dev.proxyfleet.health.HealthEvents;
import dev.proxyfleet.health.Inventory;
import dev.proxyfleet.health.LocalProxy;
import dev.proxyfleet.localinfra.TestEvents;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The proxies an outage test starts from: a loopback HTTP proxy for each provider given (null: a proxy of none),
 * published and probed healthy; closed with the test.
 */
final class HealthyProxies implements AutoCloseable {

    final List<LocalProxy> locals = new ArrayList<>();
    final List<ProxyData> proxies = new ArrayList<>();

    private HealthyProxies() {
    }

    static HealthyProxies of(List<Long> providers, String password, List<String> labels, CredentialCipher cipher,
            HealthEvents health) {
        HealthyProxies started = new HealthyProxies();
        try {
            for (Long provider : providers) {
                LocalProxy local = LocalProxy.http(Inventory.USER, password);
                started.locals.add(local);
                ProxyData proxy = Inventory.proxyOf(provider, local, password, labels, cipher);
                started.proxies.add(proxy);
                TestEvents.publish(EventType.PROXY_CREATED, proxy);
            }
            // healthy, or degraded first on a busy machine: every state change before the first failure goes on
            started.proxies.forEach(proxy -> health.awaitChangeTo(proxy.id(), HealthState.HEALTHY));
            return started;
        } catch (RuntimeException e) {
            started.close();
            throw e;
        }
    }

    /** {@code count} proxies of one provider, without labels. */
    static HealthyProxies of(long provider, int count, String password, CredentialCipher cipher, HealthEvents health) {
        return of(Collections.nCopies(count, provider), password, List.of(), cipher, health);
    }

    @Override
    public void close() {
        locals.forEach(LocalProxy::close);
    }
}
