package dev.proxyfleet.status;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import dev.proxyfleet.localinfra.FleetTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** With {@code selection.fallback-to-direct=true}, no fitting proxy or API key means "go direct" instead of 404. */
@QuarkusTest
@WithTestResource(FleetTestResource.class)
@TestProfile(FallbackToDirectTest.Direct.class)
class FallbackToDirectTest {

    /** Turns the fallback on. */
    public static class Direct implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("selection.fallback-to-direct", "true");
        }
    }

    @Test
    void noFittingProxyAnswersDirect() {
        given().queryParam("location", Events.newLocation()).get("/api/proxies/best")
                .then().statusCode(200).body("direct", equalTo(true));
    }

    @Test
    void noUsableApiKeyAnswersDirect() {
        given().queryParam("pool", "pool-" + Events.nextId()).get("/api/keys/next")
                .then().statusCode(200).body("direct", equalTo(true));
    }
}
