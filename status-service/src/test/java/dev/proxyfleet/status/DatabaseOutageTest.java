package dev.proxyfleet.status;

import static dev.proxyfleet.status.Events.awaitProxies;
import static io.restassured.RestAssured.given;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL stopped under a consuming service: the records that arrive meanwhile are retried until the database is
 * back, readiness says the consumers are stalled, and nothing is skipped; the model listens to the changes again and
 * catches up on those it was not told of.
 */
@QuarkusTest
@TestProfile(DatabaseOutageTest.QuickStall.class)
@WithTestResource(StoppableDatabase.class)
class DatabaseOutageTest {

    /** Readiness reports a stalled consumer after 2 s instead of 30 s. */
    public static class QuickStall implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("fleet.consumer.stalled-after", "2s");
        }
    }

    @Test
    void eventsArrivingDuringADatabaseOutageAreAppliedOnceItIsBack() {
        String before = Events.newLocation();
        Events.proxy(before, null);
        awaitProxies(before, 1);

        StoppableDatabase.stopServer();
        String during = Events.newLocation();
        Events.proxy(during, null);
        Events.proxy(during, null);
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> consumers(readiness()).equals("DOWN"));

        StoppableDatabase.startServer();
        awaitProxies(during, 2);
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> consumers(readiness()).equals("UP"));
    }

    /**
     * What was committed while the model did not listen (another replica's commit as PostgreSQL came back, before this
     * one listened again) reaches it only by the whole read after the listener reconnected. Played here by a row
     * changed behind the service's back, which notifies nothing at all. Once caught up, a change arrives by its
     * notification.
     */
    @Test
    void afterADatabaseRestartTheModelCatchesUpOnWhatItWasNotToldAndFollowsChangesAgain() throws SQLException {
        String location = Events.newLocation();
        long proxy = Events.proxy(location, null);
        awaitProxies(location, 1);
        String moved = Events.newLocation();
        StoppableDatabase.execute("UPDATE proxy SET location = '" + moved + "' WHERE id = " + proxy);

        StoppableDatabase.stopServer();
        StoppableDatabase.startServer();

        awaitProxies(moved, 1);
        String after = Events.newLocation();
        Events.proxy(after, null);
        awaitProxies(after, 1);
    }

    private static JsonPath readiness() {
        return given().get("/q/health/ready").then().extract().jsonPath();
    }

    private static String consumers(JsonPath health) {
        return health.getString("checks.find { it.name == 'event consumers' }.status");
    }
}
