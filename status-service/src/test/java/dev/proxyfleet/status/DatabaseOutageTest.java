package dev.proxyfleet.status;

import static dev.proxyfleet.status.Events.awaitProxies;
import static io.restassured.RestAssured.given;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL stopped under a consuming service: the records that arrive meanwhile are retried until the database is
 * back, readiness says the consumers are stalled, and nothing is skipped.
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

    private static JsonPath readiness() {
        return given().get("/q/health/ready").then().extract().jsonPath();
    }

    private static String consumers(JsonPath health) {
        return health.getString("checks.find { it.name == 'event consumers' }.status");
    }
}
