package dev.proxyfleet.inventory;

import static io.restassured.RestAssured.given;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;

import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** Small REST fixtures shared by the tests: unique names and endpoints so tests never collide. */
public final class Api {

    /** An id no entity has. */
    public static final long UNKNOWN_ID = 9_000_000_000L;

    private static final AtomicInteger SEQUENCE = new AtomicInteger((int) (System.nanoTime() % 100_000));

    private Api() {
    }

    /** A number unique within this test JVM, for names, hosts and ports. */
    public static int unique() {
        return SEQUENCE.incrementAndGet();
    }

    /** A host name no other test uses. */
    public static String uniqueHost() {
        return "proxy-" + unique() + ".test.example";
    }

    public static long createProvider(String name) {
        return given().contentType(ContentType.JSON)
                .body(Map.of("name", name, "serviceType", "datacenter", "monthlyCostPerProxy", "2.50"))
                .post("/api/providers")
                .then().statusCode(201).extract().jsonPath().getLong("id");
    }

    public static long createProxy(Map<String, Object> body) {
        return given().contentType(ContentType.JSON).body(body)
                .post("/api/proxies")
                .then().statusCode(201).extract().jsonPath().getLong("id");
    }

    /** A proxy body with a fresh endpoint and the given password. */
    public static Map<String, Object> proxyBody(String password) {
        return Map.of("host", uniqueHost(), "port", 3128, "protocol", "HTTP", "username", "user" + unique(),
                "password", password);
    }

    /** {@link #proxyBody} with a fresh password, changed by {@code field, value} pairs; a mutable map (values may be null). */
    public static Map<String, Object> proxyWith(Object... fieldsAndValues) {
        Map<String, Object> body = new HashMap<>(proxyBody("pw-" + unique()));
        for (int i = 0; i < fieldsAndValues.length; i += 2) {
            body.put((String) fieldsAndValues[i], fieldsAndValues[i + 1]);
        }
        return body;
    }

    /** Binds a new API key with this secret to the proxy and returns its id. */
    public static long createKey(long proxyId, String pool, String secret) {
        return given().contentType(ContentType.JSON)
                .body(Map.of("name", "key-" + unique(), "secret", secret, "pool", pool))
                .post("/api/proxies/{id}/keys", proxyId)
                .then().statusCode(201).extract().jsonPath().getLong("id");
    }

    public static long createVps(String name) {
        return given().contentType(ContentType.JSON)
                .body(Map.of("name", name, "environment", "test"))
                .post("/api/vps")
                .then().statusCode(201).extract().jsonPath().getLong("id");
    }

    /** Asserts an RFC 9457 problem document with this status. */
    public static ValidatableResponse assertProblem(ValidatableResponse response, int status) {
        return response.statusCode(status)
                .header("Content-Type", startsWith("application/problem+json"))
                .body("status", equalTo(status));
    }

    /** Asserts a 400 problem document whose field errors name {@code field}. */
    public static ValidatableResponse assertFieldError(ValidatableResponse response, String field) {
        return assertProblem(response, 400).body("errors.field", hasItem(field));
    }

    /** Asserts that {@code method} on {@code path} (with an {@code {id}}) of an unknown id answers a 404 problem. */
    public static void assertNotFound(String method, String path, Object body) {
        assertProblem(given().contentType(ContentType.JSON).body(body).request(method, path, UNKNOWN_ID).then(), 404);
    }

    /** Deletes the entity at {@code path} (with an {@code {id}}): 204, and then GET answers a 404 problem. */
    public static void assertDeletedAndGone(String path, long id) {
        given().delete(path, id).then().statusCode(204);
        assertProblem(given().get(path, id).then(), 404);
    }
}
