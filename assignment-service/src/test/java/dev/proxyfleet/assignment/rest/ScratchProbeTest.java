package dev.proxyfleet.assignment.rest;

import dev.proxyfleet.localinfra.FleetTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.common.http.TestHTTPResource;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import static io.restassured.RestAssured.given;

@QuarkusTest
@WithTestResource(FleetTestResource.class)
class ScratchProbeTest {
    @TestHTTPResource("/api/assignments/auto") URI auto;

    @Test
    void probe() throws Exception {
        HttpClient c = HttpClient.newHttpClient();
        for (String ct : new String[] {null, "application/json", "text/plain", "application/x-www-form-urlencoded"}) {
            HttpRequest.Builder b = HttpRequest.newBuilder(auto).POST(HttpRequest.BodyPublishers.noBody());
            if (ct != null) b.header("Content-Type", ct);
            HttpResponse<String> r = c.send(b.build(), HttpResponse.BodyHandlers.ofString());
            System.out.println("PROBE ct=" + ct + " -> " + r.statusCode() + " " + r.body());
        }
        io.restassured.response.Response r = given().log().headers().post("/api/assignments/auto");
        System.out.println("PROBE restassured -> " + r.statusCode() + " " + r.asString());
    }
}
