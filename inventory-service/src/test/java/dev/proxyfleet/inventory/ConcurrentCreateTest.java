package dev.proxyfleet.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Named.named;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.proxyfleet.localinfra.FleetTestResource;
import dev.proxyfleet.localinfra.TestTokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Creates of one endpoint (or provider or VPS name) racing each other: the pre-check cannot see a row that is not
 * committed yet, so the database's unique index decides, and its refusal must read like the sequential duplicate
 * (409 with {@code existingId}). Changes of one entity racing each other: the version decides, and a change that lost
 * is answered 409, never applied over the winner. Keys bound to one proxy racing each other: the database's key count
 * decides, and never more than the proxy's maxKeys get in.
 */
@QuarkusTest
@WithTestResource(FleetTestResource.class)
class ConcurrentCreateTest {

    private static final int PARALLEL = 20;
    private static final int ROUNDS = 5;
    private static final ObjectMapper JSON = new ObjectMapper();

    static Stream<Arguments> creates() {
        return Stream.of(
                create("/api/proxies", "one endpoint", () -> Api.proxyWith("password", "pw-secret-race")),
                create("/api/providers", "one name", () -> Map.of("name", "Race Co " + Api.unique(), "serviceType", "datacenter")),
                create("/api/vps", "one name", () -> Map.of("name", "race-vps-" + Api.unique())));
    }

    private static Arguments create(String path, String what, Supplier<Object> newBody) {
        return Arguments.of(path, named(what, newBody));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("creates")
    void parallelCreatesAnswerOne201AndOnly409sNamingTheWinner(String path, Supplier<Object> newBody) throws Exception {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        ExecutorService pool = Executors.newFixedThreadPool(PARALLEL);
        try {
            for (int round = 0; round < ROUNDS; round++) {
                List<HttpResponse<String>> responses = race(client, pool, path, JSON.writeValueAsString(newBody.get()));

                List<Integer> statuses = responses.stream().map(HttpResponse::statusCode).toList();
                assertThat(statuses).as("round %d", round).containsOnly(201, 409).filteredOn(s -> s == 201).hasSize(1);
                long created = responses.stream().filter(r -> r.statusCode() == 201).map(r -> field(r, "id")).findFirst().orElseThrow();
                assertThat(responses.stream().filter(r -> r.statusCode() == 409).map(r -> field(r, "existingId")))
                        .as("existingId of every 409").containsOnly(created);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void parallelChangesOfOneProxyApplyOnceAndTheLosersAnswer409() throws Exception {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        ExecutorService pool = Executors.newFixedThreadPool(PARALLEL);
        List<Integer> everyStatus = new ArrayList<>();
        try {
            for (int round = 0; round < ROUNDS; round++) {
                long id = Api.createProxy(Api.proxyBody("pw-secret-change-race"));
                List<HttpResponse<String>> responses = race(client, pool, "PATCH", "/api/proxies/" + id,
                        JSON.writeValueAsString(Map.of("notes", "round " + round + " " + Api.unique())));

                List<Integer> statuses = responses.stream().map(HttpResponse::statusCode).toList();
                everyStatus.addAll(statuses);
                assertThat(statuses).as("round %d", round).isSubsetOf(200, 409).contains(200);
                responses.stream().filter(r -> r.statusCode() == 409)
                        .forEach(r -> assertThat(r.body()).contains("changed concurrently"));
                // The change is the same in every request: whoever saw it applied already changed nothing.
                long version = RestAssured.given().get("/api/proxies/{id}", id).then()
                        .extract().jsonPath().getLong("version");
                assertThat(version).as("round %d: the change is one version", round).isEqualTo(2);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(everyStatus).as("some change must have lost a race for the test to mean anything").contains(409);
    }

    @Test
    void parallelKeysOnOneProxyBindOnlyItsMaxKeysAndTheRestAnswer409NamingTheLimit() throws Exception {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        ExecutorService pool = Executors.newFixedThreadPool(PARALLEL);
        try {
            for (int round = 0; round < ROUNDS; round++) {
                long proxy = Api.createProxy(Api.proxyBody("pw-secret-key-race"));
                String prefix = "race-" + round + "-";
                List<HttpResponse<String>> responses = race(client, pool, "POST", "/api/proxies/" + proxy + "/keys",
                        i -> json(Map.of("name", prefix + i, "secret", "pw-secret-key-race-" + i, "pool", "race")));

                List<Integer> statuses = responses.stream().map(HttpResponse::statusCode).toList();
                assertThat(statuses).as("round %d", round).containsOnly(201, 409).filteredOn(s -> s == 201).hasSize(2);
                responses.stream().filter(r -> r.statusCode() == 409)
                        .forEach(r -> assertThat(r.body()).contains("key limit: proxy " + proxy + " holds 2 of 2 keys"));
                assertThat(Database.queryLong("SELECT count(*) FROM api_key WHERE proxy_id = ?", proxy))
                        .as("round %d: keys stored", round).isEqualTo(2);
                assertThat(Database.queryLong("SELECT key_count FROM proxy WHERE id = ?", proxy)).isEqualTo(2);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static String json(Object body) {
        try {
            return JSON.writeValueAsString(body);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Sends {@value #PARALLEL} identical creates released together by a barrier. */
    private static List<HttpResponse<String>> race(HttpClient client, ExecutorService pool, String path, String body)
            throws Exception {
        return race(client, pool, "POST", path, body);
    }

    /** Sends {@value #PARALLEL} identical requests released together by a barrier. */
    private static List<HttpResponse<String>> race(HttpClient client, ExecutorService pool, String method, String path,
            String body) throws Exception {
        return race(client, pool, method, path, i -> body);
    }

    /** Sends {@value #PARALLEL} requests, the i-th with {@code body.apply(i)}, released together by a barrier. */
    private static List<HttpResponse<String>> race(HttpClient client, ExecutorService pool, String method, String path,
            IntFunction<String> body) throws Exception {
        CyclicBarrier start = new CyclicBarrier(PARALLEL);
        List<Future<HttpResponse<String>>> futures = new ArrayList<>();
        for (int i = 0; i < PARALLEL; i++) {
            HttpRequest request = HttpRequest.newBuilder(URI.create(RestAssured.baseURI + ":" + RestAssured.port + path))
                    .header("Content-Type", "application/json").header("Authorization", "Bearer " + TestTokens.ADMIN)
                    .method(method, HttpRequest.BodyPublishers.ofString(body.apply(i))).build();
            futures.add(pool.submit(() -> {
                start.await();
                return client.send(request, HttpResponse.BodyHandlers.ofString());
            }));
        }
        List<HttpResponse<String>> responses = new ArrayList<>();
        for (Future<HttpResponse<String>> future : futures) {
            responses.add(future.get());
        }
        return responses;
    }

    private static long field(HttpResponse<String> response, String name) {
        try {
            JsonNode value = JSON.readTree(response.body()).get(name);
            assertThat(value).as("%s in %s", name, response.body()).isNotNull();
            return value.asLong();
        } catch (java.io.IOException e) {
            throw new AssertionError("not JSON: " + response.body(), e);
        }
    }
}
