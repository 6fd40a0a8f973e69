package dev.proxyfleet.status.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** A summary adjusted change by change equals one counted from scratch, in every overall state. */
class StatusSummaryTest {

    private static final String[] HEALTH = {ProxyStatus.HEALTHY, ProxyStatus.DEGRADED, ProxyStatus.FAILED, ProxyStatus.UNKNOWN};

    @Test
    void adjustedSummaryEqualsCountedSummary() {
        Random random = new Random(7);
        Map<Long, ProxyStatus> proxies = new HashMap<>();
        StatusSummary summary = StatusSummary.of(proxies.values());
        List<Overall> seen = new ArrayList<>();
        for (int step = 0; step < 2_000; step++) {
            long id = random.nextInt(4); // few proxies: every overall state comes up
            ProxyStatus before = proxies.get(id);
            List<ProxyStatus> left = before == null ? List.of() : List.of(before);
            if (random.nextInt(4) == 0) {
                proxies.remove(id);
                summary = summary.changed(left, List.of());
            } else {
                ProxyStatus after = new ProxyStatus(id, "h", 1, "http", null, null, null, List.of(), 0, random.nextInt(3) > 0,
                        HEALTH[random.nextInt(random.nextBoolean() ? 1 : 4)], null, null, 0, null, 0, 3, null, null, 0, 2,
                        List.of());
                proxies.put(id, after);
                summary = summary.changed(left, List.of(after));
            }
            assertThat(summary).isEqualTo(StatusSummary.of(proxies.values()));
            seen.add(summary.overall());
        }
        assertThat(seen).contains(Overall.values());
    }
}
