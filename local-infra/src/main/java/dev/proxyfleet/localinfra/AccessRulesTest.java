package dev.proxyfleet.localinfra;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Who may call what, for every route the service's OpenAPI document lists, so a new route cannot be forgotten: no
 * token is 401, an unknown token is 401, a role below the route's is 403 (reads need viewer, changes operator,
 * {@code /api/admin} admin), the route's own role gets through; routes the service declares public need nothing.
 * The document states the same: the route's roles as its security requirement, with 401 and 403 problem answers, and
 * no requirement for a public route. Subclass it as a {@code @QuarkusTest} with {@link FleetTestResource}.
 */
public abstract class AccessRulesTest {

    private static final String NO_TOKEN = "none";
    /** An id no entity has, so that a change a role may make finds nothing to change. */
    private static final String UNKNOWN_ID = "9000000001";
    private static final Set<String> CHANGES = Set.of("post", "put", "patch", "delete");

    /** Routes anyone may call, as {@code "GET /api/status"}. */
    protected Set<String> publicRoutes() {
        return Set.of();
    }

    /** Routes open to other roles than the rule gives (admin may always), as {@code "GET /api/x" -> {"viewer", "consumer"}}. */
    protected Map<String, Set<String>> routeRoles() {
        return Map.of();
    }

    @TestFactory
    Stream<DynamicTest> everyRouteRefusesCallersWithoutTheRole() {
        return routes().stream().map(route -> DynamicTest.dynamicTest(route.toString(), () -> check(route)));
    }

    @Test
    void preflightIsAnsweredOnlyForConfiguredOrigins() {
        String allowed = ConfigProvider.getConfig().getValue("quarkus.http.cors.origins", String.class).split(",")[0];
        preflight(allowed).then().header("Access-Control-Allow-Origin", allowed);
        assertThat(preflight("https://elsewhere.example").header("Access-Control-Allow-Origin")).isNull();
    }

    @Test
    void tokensNeverReachTheLog() throws IOException {
        routes().stream().filter(route -> route.method().equals("get")).findFirst()
                .ifPresent(route -> TestTokens.byRole().values().forEach(token -> call(route, token)));
        Path log = Path.of(ConfigProvider.getConfig().getValue("quarkus.log.file.path", String.class));
        String logged = Files.readString(log);
        TestTokens.byRole().values().forEach(token -> assertThat(logged).doesNotContain(token));
    }

    private void check(Route route) {
        if (publicRoutes().contains(route.toString())) {
            assertThat(call(route, NO_TOKEN).statusCode()).isNotIn(401, 403);
            assertThat(route.operation().get("security")).as("the document's security requirements").isEqualTo(List.of());
            return;
        }
        Response anonymous = call(route, NO_TOKEN);
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.contentType()).startsWith("application/problem+json");
        assertThat(anonymous.header("WWW-Authenticate")).startsWith("Bearer");
        assertThat(call(route, "pft_not-a-configured-token").statusCode()).isEqualTo(401);
        Set<String> allowed = routeRoles().getOrDefault(route.toString(), Set.of(route.requiredRole()));
        assertDocumented(route, allowed);
        for (Map.Entry<String, String> token : TestTokens.byRole().entrySet()) {
            if (!allows(token.getKey(), allowed)) {
                Response refused = call(route, token.getValue());
                assertThat(refused.statusCode()).as(token.getKey()).isEqualTo(403);
                assertThat(refused.contentType()).startsWith("application/problem+json");
            }
        }
        if (!CHANGES.contains(route.method())) {
            allowed.forEach(role -> assertThat(call(route, TestTokens.byRole().get(role)).statusCode()).as(role).isNotIn(401, 403));
        }
    }

    /** The roles as the bearer scheme's requirement, and 401 and 403 among the answers, as problem documents. */
    @SuppressWarnings("unchecked")
    private static void assertDocumented(Route route, Set<String> allowed) {
        List<Map<String, List<String>>> security = (List<Map<String, List<String>>>) route.operation().get("security");
        assertThat(security).as("the document's security requirements").hasSize(1);
        assertThat(security.get(0).get("bearer")).as("the document's roles").containsExactlyInAnyOrderElementsOf(allowed);
        Map<String, Map<String, Object>> responses = (Map<String, Map<String, Object>>) route.operation().get("responses");
        for (String status : List.of("401", "403")) {
            assertThat(responses).as("the document's answers").containsKey(status);
            assertThat((Map<String, Object>) responses.get(status).get("content")).as(status)
                    .containsKey("application/problem+json");
        }
    }

    /** Admin holds every role; operator also viewer. */
    private static boolean allows(String held, Set<String> allowed) {
        return allowed.contains(held) || held.equals("admin") || (held.equals("operator") && allowed.contains("viewer"));
    }

    private static Response call(Route route, String token) {
        String authorization = NO_TOKEN.equals(token) ? NO_TOKEN : "Bearer " + token;
        var request = given().header("Authorization", authorization);
        if (route.contentType() != null) {
            request.contentType(route.contentType()).body(route.contentType().contains("json") ? "{}" : "");
        }
        return request.request(route.method().toUpperCase(), route.concretePath());
    }

    private static Response preflight(String origin) {
        return given().header("Origin", origin).header("Access-Control-Request-Method", "POST").options("/api/");
    }

    private static List<Route> routes() {
        JsonPath openApi = given().queryParam("format", "json").get("/q/openapi").then().statusCode(200).extract().jsonPath();
        Map<String, Map<String, Map<String, Object>>> paths = openApi.getMap("paths");
        List<Route> routes = new ArrayList<>();
        paths.forEach((path, operations) -> operations.forEach((method, operation) -> {
            if (CHANGES.contains(method) || method.equals("get")) {
                routes.add(new Route(method, path, bodyType(operation), operation));
            }
        }));
        assertThat(routes).as("routes in /q/openapi").isNotEmpty();
        return routes;
    }

    /** The first media type the operation's request body accepts; null without a body. */
    @SuppressWarnings("unchecked")
    private static String bodyType(Map<String, Object> operation) {
        Map<String, Object> body = (Map<String, Object>) operation.get("requestBody");
        if (body == null) {
            return null;
        }
        return ((Map<String, Object>) body.get("content")).keySet().iterator().next();
    }

    /** A route of the API; {@code contentType} is what its request body accepts, or null; as the document states it. */
    private record Route(String method, String path, String contentType, Map<String, Object> operation) {

        String concretePath() {
            return path.replaceAll("\\{[^}]+}", UNKNOWN_ID);
        }

        String requiredRole() {
            if (path.startsWith("/api/admin/")) {
                return "admin";
            }
            return CHANGES.contains(method) ? "operator" : "viewer";
        }

        @Override
        public String toString() {
            return method.toUpperCase() + " " + path;
        }
    }
}
