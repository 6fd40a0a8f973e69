package dev.proxyfleet.status.selection;

import dev.proxyfleet.status.model.FleetModel;
import dev.proxyfleet.status.model.KeyStatus;
import dev.proxyfleet.status.model.ProxyStatus;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Hands out the API keys of a pool from the in-memory model, round-robin in the order of their proxies and then of
 * their ids. A key is usable while its proxy is selectable (enabled, healthy or degraded) and it is not exhausted; a
 * proxy that fails takes its keys out of rotation until it recovers. When the key handed out last is no longer usable
 * (its consumer reported it exhausted, or its proxy failed), the other key of the same proxy comes first, so that the
 * consumer keeps its address; then the next key in rotation, on another proxy. The rotation is this replica's own.
 */
@ApplicationScoped
public class KeySelector {

    /** A key with the proxy it leaves through. */
    public record Choice(KeyStatus key, ProxyStatus proxy) {

        long proxyId() {
            return proxy.id();
        }

        long keyId() {
            return key.id();
        }
    }

    private static final Comparator<Choice> ROTATION =
            Comparator.comparingLong(Choice::proxyId).thenComparingLong(Choice::keyId);

    private final FleetModel model;
    /** The key handed out last, per pool. */
    private final Map<String, Choice> last = new HashMap<>();

    public KeySelector(FleetModel model) {
        this.model = model;
    }

    /** The next usable key of the pool, or empty when none is; {@link #reason} says why. */
    public synchronized Optional<Choice> next(String pool, Instant now) {
        List<Choice> ring = ring(pool);
        Choice previous = last.get(pool);
        Optional<Choice> chosen = previous == null ? ring.stream().filter(c -> usable(c, now)).findFirst()
                : sameProxy(ring, previous, now).or(() -> after(ring, previous, now));
        chosen.ifPresent(choice -> last.put(pool, choice));
        return chosen;
    }

    /** Why no key of the pool is usable, for the 404. */
    public String reason(String pool, Instant now) {
        List<Choice> ring = ring(pool);
        if (ring.isEmpty()) {
            return "pool '" + pool + "' has no API keys";
        }
        return "no API key of pool '" + pool + "' is usable: " + passedOver(ring, now);
    }

    /** Why keys of the pool are passed over now, in counts: for the log of a decision. */
    public String passedOver(String pool, Instant now) {
        return passedOver(ring(pool), now);
    }

    private static String passedOver(List<Choice> ring, Instant now) {
        long exhausted = ring.stream().filter(c -> c.key().exhaustedAt(now)).count();
        long unusableProxy = ring.stream().filter(c -> !c.proxy().isSelectable()).count();
        return "of its " + ring.size() + " keys, " + exhausted + " are exhausted and " + unusableProxy
                + " are on proxies that are disabled, failed or not yet probed";
    }

    /** Every key of the pool on a proxy the model knows, in rotation order. */
    private List<Choice> ring(String pool) {
        List<Choice> ring = new ArrayList<>();
        for (ProxyStatus proxy : model.snapshot().all()) {
            for (KeyStatus key : proxy.apiKeys()) {
                if (key.pool().equals(pool)) {
                    ring.add(new Choice(key, proxy));
                }
            }
        }
        return ring;
    }

    /** When the key handed out last is no longer usable: another usable key of its proxy. */
    private static Optional<Choice> sameProxy(List<Choice> ring, Choice previous, Instant now) {
        boolean previousUsable = ring.stream().anyMatch(c -> c.keyId() == previous.keyId() && usable(c, now));
        if (previousUsable) {
            return Optional.empty();
        }
        return ring.stream().filter(c -> c.proxyId() == previous.proxyId() && usable(c, now)).findFirst();
    }

    /** The first usable key after {@code previous} in rotation order, wrapping around. */
    private static Optional<Choice> after(List<Choice> ring, Choice previous, Instant now) {
        int start = 0;
        while (start < ring.size() && ROTATION.compare(ring.get(start), previous) <= 0) {
            start++;
        }
        for (int i = 0; i < ring.size(); i++) {
            Choice candidate = ring.get((start + i) % ring.size());
            if (usable(candidate, now)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    private static boolean usable(Choice choice, Instant now) {
        return choice.proxy().isSelectable() && !choice.key().exhaustedAt(now);
    }
}
