package dev.proxyfleet.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;
import java.net.ConnectException;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Which failures a consumer retries without limit, and which ones it retries a few times before dead-lettering. */
class FailuresTest {

    @ParameterizedTest(name = "SQLSTATE {0} passes")
    @ValueSource(strings = {"08006", "08001", "40001", "40P01", "53300", "57P01", "58030", "55P03"})
    void outagesAndConflictsOfTheDatabaseAreTransient(String state) {
        assertThat(Failures.isTransient(wrapped(refusal("database trouble", state)))).isTrue();
    }

    @ParameterizedTest(name = "SQLSTATE {0} stays")
    @ValueSource(strings = {"22021", "22P05", "23505", "23514", "42P01", "P0001"})
    void refusalsOfTheRecordsContentAreNot(String state) {
        assertThat(Failures.isTransient(wrapped(refusal("refused", state)))).isFalse();
    }

    @Test
    void aPoolWithoutConnectionsOrARefusedOrLostConnectionIsTransient() {
        assertThat(Failures.isTransient(wrapped(new TimeoutException("Timeout while waiting for a connection")))).isTrue();
        assertThat(Failures.isTransient(wrapped(new ConnectException("Connection refused")))).isTrue();
        assertThat(Failures.isTransient(wrapped(ClosedConnectionException.INSTANCE))).isTrue();
    }

    @Test
    void aBugInTheHandlerIsNotTransient() {
        assertThat(Failures.isTransient(new NullPointerException("no proxy"))).isFalse();
    }

    @Test
    void theReasonIsTheInnermostMessage() {
        assertThat(Failures.reason(wrapped(refusal("invalid byte sequence for encoding \"UTF8\": 0x00", "22021"))))
                .contains("invalid byte sequence for encoding \"UTF8\": 0x00");
    }

    /** What the reactive PostgreSQL client fails with when the server answers an error. */
    private static PgException refusal(String message, String state) {
        return new PgException(message, "ERROR", state, null);
    }

    private static RuntimeException wrapped(Exception cause) {
        return new IllegalStateException("transaction failed", new IllegalStateException("statement failed", cause));
    }
}
