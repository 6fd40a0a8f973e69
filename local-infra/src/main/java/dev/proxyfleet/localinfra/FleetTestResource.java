package dev.proxyfleet.localinfra;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.restassured.RestAssured;
import io.restassured.filter.Filter;
import java.util.Map;

/**
 * Gives a {@code @QuarkusTest} the addresses of the test JVM's real Kafka broker and PostgreSQL server, and the
 * {@link TestTokens}: RestAssured sends the admin token unless a test sends its own {@code Authorization} header. The
 * servers run in containers where a container engine is reachable and as local-infra's own servers otherwise (see
 * {@link InfraChoice}); they outlive each test class (see {@link TestInfra}), so {@link #stop()} leaves them running.
 */
public class FleetTestResource implements QuarkusTestResourceLifecycleManager {

    private static final String AUTHORIZATION = "Authorization";
    /** Requests without an Authorization header carry the admin token. */
    private static final Filter ADMIN_UNLESS_TOLD = (request, response, context) -> {
        if (!request.getHeaders().hasHeaderWithName(AUTHORIZATION)) {
            request.header(AUTHORIZATION, "Bearer " + TestTokens.ADMIN);
        }
        return context.next(request, response);
    };

    @Override
    public Map<String, String> start() {
        TestInfra infra = TestInfra.get();
        if (!RestAssured.filters().contains(ADMIN_UNLESS_TOLD)) {
            RestAssured.filters(ADMIN_UNLESS_TOLD);
        }
        return Map.of(
                "fleet.security.tokens", TestTokens.configuration(),
                "kafka.bootstrap.servers", infra.kafka().bootstrapServers(),
                "quarkus.datasource.reactive.url", infra.reactiveUrl(),
                "quarkus.datasource.username", PostgresServer.USER,
                "quarkus.datasource.password", PostgresServer.PASSWORD);
    }

    @Override
    public void stop() {
        // The servers are shared by every test class of this JVM and stop with it.
    }
}
