package dev.proxyfleet.inventory;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;

import dev.proxyfleet.localinfra.FleetTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** The endpoints platform teams wire into Kubernetes and Prometheus, and the published API description. */
@QuarkusTest
@WithTestResource(FleetTestResource.class)
class OperationsEndpointsTest {

    @Test
    void readinessCoversPostgresButNotKafka() {
        given().get("/q/health/ready").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItems("Database connections health check"))
                .body("checks.name", not(hasItem("Kafka connection health check")));
    }

    @Test
    void exposesPrometheusMetrics() {
        given().get("/api/providers").then().statusCode(200);
        given().get("/q/metrics").then().statusCode(200).body(containsString("http_server_requests_seconds"));
    }

    @Test
    void publishesOpenApiForEveryResource() {
        given().accept("application/json").get("/q/openapi").then().statusCode(200)
                .body("paths.keySet()", hasItems("/api/providers", "/api/providers/{id}", "/api/providers/{id}/proxies",
                        "/api/proxies", "/api/proxies/{id}", "/api/proxies/import", "/api/vps", "/api/vps/{id}",
                        "/api/admin/credentials/re-encrypt"));
    }
}
