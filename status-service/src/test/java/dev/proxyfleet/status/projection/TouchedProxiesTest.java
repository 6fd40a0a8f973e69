package dev.proxyfleet.status.projection;

import static org.assertj.core.api.Assertions.assertThat;

import dev.proxyfleet.status.location.LocationCheck;
import dev.proxyfleet.status.model.FleetModel;
import jakarta.enterprise.inject.Vetoed;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** What a consumer transaction notifies: every changed id, in payloads PostgreSQL accepts. */
class TouchedProxiesTest {

    /** Keeps what the notifications asked the model to read again (not a bean of the tests' application). */
    @Vetoed
    private static final class AskedModel extends FleetModel {
        final Set<Long> ids = new HashSet<>();
        int everything;

        AskedModel() {
            super(null, new LocationCheck(Optional.empty()), null);
        }

        @Override
        public void changed(Set<Long> changed) {
            ids.addAll(changed);
        }

        @Override
        public void everythingChanged() {
            everything++;
        }
    }

    @Test
    void aLargeBatchIsSplitIntoPayloadsPostgresAcceptsThatNameEveryId() {
        TouchedProxies touched = new TouchedProxies();
        Set<Long> ids = new HashSet<>();
        // the longest ids there are, so that the fewest fit into one payload
        LongStream.range(0, 2_000).map(n -> Long.MAX_VALUE - n).forEach(ids::add);
        ids.forEach(touched::proxies);

        List<String> payloads = touched.payloads();

        assertThat(payloads).hasSizeGreaterThan(1)
                .allSatisfy(payload -> assertThat(payload.getBytes(StandardCharsets.UTF_8).length)
                        .isLessThanOrEqualTo(TouchedProxies.MAX_PAYLOAD));
        AskedModel model = new AskedModel();
        payloads.forEach(payload -> TouchedProxies.handTo(payload, model));
        assertThat(model.ids).isEqualTo(ids);
        assertThat(model.everything).isZero();
    }

    @Test
    void aProviderChangeHasEveryProxyReadAgain() {
        TouchedProxies touched = new TouchedProxies();
        touched.proxies(7L);
        touched.provider();

        AskedModel model = new AskedModel();
        touched.payloads().forEach(payload -> TouchedProxies.handTo(payload, model));

        assertThat(model.everything).isEqualTo(1);
    }

    @Test
    void aTransactionThatChangedNothingShownNotifiesNothing() {
        TouchedProxies touched = new TouchedProxies();
        touched.proxies((Long) null);

        assertThat(touched.payloads()).isEmpty();
    }
}
