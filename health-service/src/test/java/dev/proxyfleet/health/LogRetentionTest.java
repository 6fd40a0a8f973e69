package dev.proxyfleet.health;

import static org.assertj.core.api.Assertions.assertThat;

import dev.proxyfleet.health.state.HealthLogPurge;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/** The health log keeps 7 days (the default retention). */
@QuarkusTest
@WithTestResource(HealthTestResource.class)
class LogRetentionTest {

    @Inject
    HealthLogPurge purge;

    @Test
    void purgeDeletesLogEntriesOlderThanTheRetentionAndKeepsTheRest() {
        long proxyId = Inventory.nextId();
        for (String age : new String[] {"8 days", "7 days 1 minute", "6 days 23 hours", "1 hour"}) {
            Database.execute("INSERT INTO health_log (proxy_id, at, source, state, score) VALUES (" + proxyId
                    + ", now() - interval '" + age + "', 'probe', 'healthy', 100)");
        }

        purge.purge().await().indefinitely();

        assertThat(Database.strings("SELECT (now() - at)::text FROM health_log WHERE proxy_id = " + proxyId + " ORDER BY at"))
                .hasSize(2).allMatch(age -> !age.startsWith("7 days") && !age.startsWith("8 days"));
    }
}
