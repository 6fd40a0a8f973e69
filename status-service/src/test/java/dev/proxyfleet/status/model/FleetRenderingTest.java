package dev.proxyfleet.status.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.proxyfleet.status.push.PushMessage;
import dev.proxyfleet.status.rest.StatusReport;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

/**
 * The incrementally rendered unfiltered status must be, byte for byte, what rendering the whole report at once gives,
 * gzipped and not, after any sequence of changes; {@link GZIPInputStream} also checks the combined CRC and length.
 */
class FleetRenderingTest {

    private final ObjectMapper json = JsonMapper.builder().findAndAddModules().build();
    private final Random random = new Random(42);

    @Test
    void anEmptyFleetHasNoProxies() throws IOException {
        FleetRendering rendering = FleetRendering.empty("{", ProxyView.FULL, json);

        assertThat(new String(rendering.json())).endsWith(",\"proxies\":[]}");
        assertRendersWholly(rendering);
    }

    @Test
    void changesAdditionsAndDeletionsRenderAsTheWholeReportWould() throws IOException {
        TreeMap<Long, ProxyStatus> proxies = new TreeMap<>();
        for (int i = 0; i < 3_000; i++) {
            long id = 1 + random.nextInt(20_000); // sparse: groups of every size, some with one proxy
            proxies.put(id, proxy(id));
        }
        FleetRendering rendering = FleetRendering.empty("{", ProxyView.FULL, json).next(snapshot(proxies), null, json);
        assertRendersWholly(rendering);

        for (int round = 0; round < 20; round++) {
            List<Long> ids = List.copyOf(proxies.keySet());
            Set<Long> changed = new HashSet<>();
            for (int change = 0; change < 1 + random.nextInt(50); change++) {
                long id = ids.get(random.nextInt(ids.size()));
                switch (random.nextInt(3)) {
                    case 0 -> proxies.put(id, proxy(id));
                    case 1 -> proxies.remove(id);
                    default -> {
                        id = 20_000L + random.nextInt(5_000);
                        proxies.put(id, proxy(id));
                    }
                }
                changed.add(id);
            }
            // told which proxies changed, or not (null), as after the model was read again whole
            rendering = rendering.next(snapshot(proxies), round % 5 == 4 ? null : changed, json);
            assertRendersWholly(rendering);
        }
        Set<Long> all = Set.copyOf(proxies.keySet());
        proxies.clear();
        assertRendersWholly(rendering.next(snapshot(proxies), all, json));
    }

    /** Groups that compress to more than the deflater's buffer, and a fleet whose gzip spans many pieces. */
    @Test
    void incompressibleProxiesRenderWholly() throws IOException {
        TreeMap<Long, ProxyStatus> proxies = new TreeMap<>();
        for (long id = 1; id <= 1_000; id++) {
            proxies.put(id, proxy(id, List.of(randomText(300))));
        }

        assertRendersWholly(FleetRendering.empty("{", ProxyView.FULL, json).next(snapshot(proxies), null, json));
    }

    /** The WebSocket's snapshot message is the same rendering with another opening. */
    @Test
    void aSnapshotMessageRendersAsTheWholeMessageWould() throws IOException {
        TreeMap<Long, ProxyStatus> proxies = new TreeMap<>();
        for (long id = 1; id <= 300; id++) {
            proxies.put(id, proxy(id));
        }
        FleetRendering rendering = FleetRendering.empty("{\"type\":\"snapshot\",", ProxyView.FULL, json)
                .next(snapshot(proxies), null, json);
        proxies.put(7L, proxy(7));
        rendering = rendering.next(snapshot(proxies), Set.of(7L), json);

        List<ProxyStatus> all = List.copyOf(proxies.values());
        assertThat(new String(rendering.json()))
                .isEqualTo(json.writeValueAsString(new PushMessage("snapshot", null, StatusSummary.of(all, SystemSwitches.DEFAULT), all, null, null)));
    }

    /** The public views are rendered and kept current the same way: redacted proxies, or the summary alone. */
    @Test
    void eachViewRendersAsItsReportWould() throws IOException {
        for (ProxyView view : ProxyView.values()) {
            TreeMap<Long, ProxyStatus> proxies = new TreeMap<>();
            for (long id = 1; id <= 300; id++) {
                proxies.put(id, proxy(id));
            }
            FleetRendering rendering = FleetRendering.empty("{", view, json).next(snapshot(proxies), null, json);
            proxies.put(7L, proxy(7));
            rendering = rendering.next(snapshot(proxies), Set.of(7L), json);

            byte[] whole = json.writeValueAsBytes(StatusReport.of(List.copyOf(proxies.values()), view, FleetSnapshot.EMPTY.summary()));
            assertThat(new String(rendering.json())).as(view.name()).isEqualTo(new String(whole));
        }
    }

    private void assertRendersWholly(FleetRendering rendering) throws IOException {
        List<ProxyStatus> all = List.copyOf(rendering.snapshot().all());
        byte[] whole = json.writeValueAsBytes(StatusReport.of(all, ProxyView.FULL, FleetSnapshot.EMPTY.summary()));
        assertThat(new String(rendering.json())).isEqualTo(new String(whole));
        try (InputStream gunzip = new GZIPInputStream(new ByteArrayInputStream(rendering.gzip()))) {
            assertThat(new String(gunzip.readAllBytes())).isEqualTo(new String(whole));
        }
    }

    private static FleetSnapshot snapshot(Map<Long, ProxyStatus> proxies) {
        return new FleetSnapshot(new TreeMap<>(proxies));
    }

    private ProxyStatus proxy(long id) {
        return proxy(id, List.of("l" + random.nextInt(5)));
    }

    private ProxyStatus proxy(long id, List<String> labels) {
        String[] health = {ProxyStatus.HEALTHY, ProxyStatus.DEGRADED, ProxyStatus.FAILED, ProxyStatus.UNKNOWN};
        return new ProxyStatus(id, "10.0." + id / 250 + "." + id % 250, 3128, "http", random.nextBoolean() ? null : 7L,
                "prov", "DE", labels, random.nextInt(10), random.nextInt(8) > 0, health[random.nextInt(4)],
                (long) random.nextInt(500), random.nextInt(100), random.nextInt(3), random.nextBoolean() ? null : "Timeout",
                Instant.ofEpochSecond(random.nextInt(1 << 30)), random.nextBoolean() ? null : "127.0.0." + random.nextInt(4),
                null, random.nextBoolean() ? null : "DE", random.nextBoolean() ? null : random.nextBoolean(), random.nextInt(4), 3,
                random.nextBoolean() ? "m-" + random.nextInt(9) : null, null, null, random.nextInt(50), 0, null, 1, 2,
                List.of(new KeyStatus(id, "key-" + id, "pool", null)));
    }

    private String randomText(int length) {
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append((char) (' ' + 1 + random.nextInt(90)));
        }
        return text.toString();
    }
}
