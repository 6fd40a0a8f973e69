package dev.proxyfleet.status;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.proxyfleet.localinfra.FleetTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Exit IPs from {@code proxy-health-state}: shown per proxy to viewers of {@code /api/status} (not to anonymous callers,
 * as they locate the proxy), and proxies sharing one listed by {@code /api/proxies/duplicates-by-exit-ip}.
 */
@QuarkusTest
@WithTestResource(FleetTestResource.class)
class ExitIpTest {

    /** An exit IP no other test uses (198.18.0.0/15, for benchmarks: never a real proxy's). */
    private static String newExitIp() {
        long n = Events.nextId();
        return "198.18." + (n / 250 % 250) + "." + (n % 250);
    }

    private static List<Map<String, Object>> duplicates(String exitIp) {
        return given().get("/api/proxies/duplicates-by-exit-ip").then().statusCode(200).extract().jsonPath()
                .getList("findAll { it.exitIp == '" + exitIp + "' }");
    }

    private static List<Long> ids(List<?> proxies) {
        return proxies.stream().map(p -> ((Number) ((Map<?, ?>) p).get("id")).longValue()).toList();
    }

    @Test
    void viewersSeeEachProxysExitIpAndSinceWhenAnonymousCallersNeither() {
        String location = Events.newLocation();
        long id = Events.proxy(location, null);
        String exitIp = newExitIp();
        Instant since = Instant.now().minusSeconds(600).truncatedTo(ChronoUnit.MILLIS);
        Events.exitIp(id, exitIp, since);

        JsonPath viewer = Events.awaitStatus(location, s -> exitIp.equals(s.getString("proxies[0].exitIp")));
        assertThat(Instant.parse(viewer.getString("proxies[0].exitIpChangedAt"))).isEqualTo(since);
        Map<String, Object> anonymous = given().header("Authorization", "none").queryParam("location", location)
                .get("/api/status").then().statusCode(200).extract().jsonPath().getMap("proxies[0]");
        assertThat(((Number) anonymous.get("id")).longValue()).isEqualTo(id);
        assertThat(anonymous).containsKey("health").doesNotContainKeys("exitIp", "exitIpChangedAt");
    }

    @Test
    void listsProxiesSharingAnExitIpWithTheirModelsUntilOneLeavesThroughAnother() {
        String location = Events.newLocation();
        long first = Events.proxy(location, null);
        long second = Events.proxy(location, null);
        long alone = Events.proxy(location, null);
        String shared = newExitIp();
        Instant since = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        Events.assign("acc-exit-" + first, "model-a", first);
        Events.assign("acc-exit-" + second, "model-b", second);
        Events.exitIp(first, shared, since);
        Events.exitIp(second, shared, since);
        Events.exitIp(alone, newExitIp(), since);

        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(duplicates(shared))
                .singleElement().satisfies(group -> {
                    assertThat(group.get("models")).isEqualTo(List.of("model-a", "model-b"));
                    assertThat(ids((List<?>) group.get("proxies"))).containsExactly(first, second);
                }));
        List<Map<String, Object>> groups = given().get("/api/proxies/duplicates-by-exit-ip").then().extract().jsonPath()
                .getList("$");
        assertThat(groups.stream().flatMap(group -> ids((List<?>) group.get("proxies")).stream())).doesNotContain(alone);

        Events.exitIp(second, newExitIp(), Instant.now());
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(duplicates(shared)).isEmpty());
    }
}
