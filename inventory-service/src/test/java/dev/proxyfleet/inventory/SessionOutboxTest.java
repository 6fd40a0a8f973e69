package dev.proxyfleet.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.proxyfleet.messaging.Outbox;
import org.junit.jupiter.api.Test;

/** The outbox insert through a Hibernate session is the shared one, with the parameters Hibernate takes. */
class SessionOutboxTest {

    @Test
    void insertTakesHibernatesOrdinalParametersInTheSharedOrder() {
        assertThat(SessionOutbox.INSERT)
                .doesNotContain("$")
                .endsWith("VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)")
                .isEqualTo(Outbox.INSERT.replace("$", "?"));
    }
}
