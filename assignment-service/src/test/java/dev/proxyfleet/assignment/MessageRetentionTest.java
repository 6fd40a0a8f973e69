package dev.proxyfleet.assignment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.proxyfleet.localinfra.FleetTestResource;
import dev.proxyfleet.messaging.MessageRetention;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/** Published outbox rows and dedupe ids are purged after their retention (1 h and 7 d), never before. */
@QuarkusTest
@WithTestResource(FleetTestResource.class)
class MessageRetentionTest {

    @Inject
    MessageRetention retention;

    @Test
    void purgesOnlyWhatOutlivedItsRetention() {
        Fleet.execute("INSERT INTO consumed_event (event_id, topic, consumed_at) SELECT gen_random_uuid(), 'retention-test', "
                + "now() - interval '8 days' FROM generate_series(1, 10005)");
        Fleet.execute("INSERT INTO consumed_event (event_id, topic, consumed_at) SELECT gen_random_uuid(), 'retention-test', "
                + "now() - interval '6 days' FROM generate_series(1, 3)");
        Fleet.execute("INSERT INTO outbox (topic, event_key, event_time, published_at) SELECT 'retention-test', 'k', now(), "
                + "now() - interval '2 hours' FROM generate_series(1, 4)");
        Fleet.execute("INSERT INTO outbox (topic, event_key, event_time, published_at) VALUES "
                + "('retention-test', 'recent', now(), now() - interval '10 minutes')");

        retention.purge().await().indefinitely();

        assertThat(Fleet.sql("SELECT count(*) FROM consumed_event WHERE topic = 'retention-test'"))
                .as("more than one chunk of expired ids is purged; younger ones stay").isEqualTo(3);
        assertThat(Fleet.sql("SELECT count(*) FROM outbox WHERE topic = 'retention-test' AND event_key = 'recent'")).isOne();
        assertThat(Fleet.sql("SELECT count(*) FROM outbox WHERE topic = 'retention-test'")).isOne();
    }
}
