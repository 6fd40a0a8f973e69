package dev.proxyfleet.inventory.key;

import static dev.proxyfleet.inventory.Api.assertFieldError;
import static dev.proxyfleet.inventory.Api.assertProblem;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import dev.proxyfleet.crypto.ApiKeyBinding;
import dev.proxyfleet.crypto.CredentialCipher;
import dev.proxyfleet.crypto.EncryptedSecret;
import dev.proxyfleet.inventory.Api;
import dev.proxyfleet.inventory.Database;
import dev.proxyfleet.localinfra.FleetTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** API keys bound to proxies over REST: CRUD, the key limit, names, and the secret that never comes back. */
@QuarkusTest
@WithTestResource(FleetTestResource.class)
class ApiKeyResourceTest {

    @Inject
    CredentialCipher cipher;

    private static Map<String, Object> key(String name, String secret, String pool) {
        return Map.of("name", name, "secret", secret, "pool", pool);
    }

    @Test
    void bindsListsAndDeletesKeysWithoutEverAnsweringTheSecret() {
        long proxy = Api.createProxy(Api.proxyBody("pw-secret-keys-crud"));
        String pool = "crud-" + Api.unique();

        String body = given().contentType(ContentType.JSON).body(key("search-1", "pw-secret-key-crud", pool))
                .post("/api/proxies/{id}/keys", proxy).then().statusCode(201)
                .header("Location", containsString("/api/proxies/" + proxy + "/keys/"))
                .body("proxyId", equalTo((int) proxy)).body("name", equalTo("search-1")).body("pool", equalTo(pool))
                .body("version", equalTo(1)).extract().asString();
        assertThat(body).doesNotContain("pw-secret").doesNotContain("secret");
        long id = given().get("/api/proxies/{id}/keys", proxy).then().statusCode(200)
                .body("name", equalTo(List.of("search-1"))).extract().jsonPath().getLong("[0].id");
        given().queryParam("pool", pool).get("/api/keys").then().statusCode(200).body("id", equalTo(List.of((int) id)));
        given().get("/api/proxies/{id}/keys/{keyId}", proxy, id).then().statusCode(200).body("name", equalTo("search-1"));

        given().delete("/api/proxies/{id}/keys/{keyId}", proxy, id).then().statusCode(204);
        given().get("/api/proxies/{id}/keys", proxy).then().statusCode(200).body("size()", equalTo(0));
        assertProblem(given().delete("/api/proxies/{id}/keys/{keyId}", proxy, id).then(), 404);
    }

    @Test
    void aKeyBeyondTheProxysMaxKeysAnswers409NamingTheKeyLimit() {
        long proxy = Api.createProxy(Api.proxyBody("pw-secret-keys-limit"));
        Api.createKey(proxy, "limit", "pw-secret-key-1");
        Api.createKey(proxy, "limit", "pw-secret-key-2");

        assertProblem(given().contentType(ContentType.JSON).body(key("third", "pw-secret-key-3", "limit"))
                .post("/api/proxies/{id}/keys", proxy).then(), 409)
                .body("detail", equalTo("key limit: proxy " + proxy + " holds 2 of 2 keys (its maxKeys); "
                        + "delete one or raise maxKeys"))
                .body(not(containsString("pw-secret")));
        given().get("/api/proxies/{id}/keys", proxy).then().body("size()", equalTo(2));
    }

    @Test
    void maxKeysIsTheProxysOwnAndCannotDropBelowTheKeysItHolds() {
        long proxy = Api.createProxy(Api.proxyWith("maxKeys", 3));
        for (int i = 0; i < 3; i++) {
            Api.createKey(proxy, "three", "pw-secret-key-" + i);
        }
        given().get("/api/proxies/{id}", proxy).then().body("maxKeys", equalTo(3));

        assertProblem(given().contentType(ContentType.JSON).body(Map.of("maxKeys", 2))
                .patch("/api/proxies/{id}", proxy).then(), 409)
                .body("detail", containsString("key limit: proxy " + proxy + " holds 3 API keys"));
        given().get("/api/proxies/{id}", proxy).then().body("maxKeys", equalTo(3));
        given().contentType(ContentType.JSON).body(Map.of("maxKeys", 4)).patch("/api/proxies/{id}", proxy)
                .then().statusCode(200).body("maxKeys", equalTo(4));
        Api.createKey(proxy, "three", "pw-secret-key-4");
    }

    @Test
    void aNameTheProxyHasAnswers409NamingTheKeyItHas() {
        long proxy = Api.createProxy(Api.proxyBody("pw-secret-keys-name"));
        long first = given().contentType(ContentType.JSON).body(key("Same", "pw-secret-key-a", "names"))
                .post("/api/proxies/{id}/keys", proxy).then().statusCode(201).extract().jsonPath().getLong("id");

        assertProblem(given().contentType(ContentType.JSON).body(key("same", "pw-secret-key-b", "names"))
                .post("/api/proxies/{id}/keys", proxy).then(), 409)
                .body("existingId", equalTo((int) first));
        long other = Api.createProxy(Api.proxyBody("pw-secret-keys-name-2"));
        given().contentType(ContentType.JSON).body(key("same", "pw-secret-key-c", "names"))
                .post("/api/proxies/{id}/keys", other).then().statusCode(201);
    }

    @Test
    void refusesIncompleteKeysAndUnknownProxiesWithoutQuotingTheSecret() {
        long proxy = Api.createProxy(Api.proxyBody("pw-secret-keys-invalid"));

        assertFieldError(given().contentType(ContentType.JSON).body(Map.of("name", "x", "pool", "p"))
                .post("/api/proxies/{id}/keys", proxy).then(), "secret");
        assertFieldError(given().contentType(ContentType.JSON).body(key("x", "pw-secret-key\u0007bell", " "))
                .post("/api/proxies/{id}/keys", proxy).then(), "pool")
                .body("errors.field", hasItem("secret")).body(not(containsString("pw-secret")));
        assertProblem(given().contentType(ContentType.JSON).body(key("x", "pw-secret-key-x", "p"))
                .post("/api/proxies/{id}/keys", Api.UNKNOWN_ID).then(), 404);
        assertProblem(given().get("/api/proxies/{id}/keys", Api.UNKNOWN_ID).then(), 404);
    }

    @Test
    void theSecretIsStoredEncryptedForTheKeyAndItsProxyOnly() throws Exception {
        long proxy = Api.createProxy(Api.proxyBody("pw-secret-keys-stored"));
        long id = Api.createKey(proxy, "stored", "pw-secret-key-stored");

        List<String> row = List.of(
                Database.queryStrings("SELECT secret_ciphertext FROM api_key WHERE id = ?", id).get(0),
                Database.queryStrings("SELECT key_id FROM api_key WHERE id = ?", id).get(0));
        EncryptedSecret stored = new EncryptedSecret(row.get(0), row.get(1));

        assertThat(stored.ciphertext()).startsWith(CredentialCipher.BOUND_PREFIX).doesNotContain("pw-secret");
        assertThat(stored.keyId()).isEqualTo("test-new");
        assertThat(cipher.decrypt(stored, new ApiKeyBinding(id, proxy))).isEqualTo("pw-secret-key-stored");
        assertThatThrownBy(() -> cipher.decrypt(stored, new ApiKeyBinding(id, proxy + 1)))
                .hasMessageContaining("cannot be decrypted");
    }
}
