package dev.proxyfleet.inventory.audit;

import static dev.proxyfleet.inventory.Api.assertFieldError;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.proxyfleet.inventory.Api;
import dev.proxyfleet.inventory.Database;
import dev.proxyfleet.localinfra.FleetTestResource;
import dev.proxyfleet.localinfra.TestTokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /api/audit}: every change with the authenticated principal, what changed (secrets only as "changed"),
 * written in the transaction of the change; filters, paging, retention.
 */
@QuarkusTest
@WithTestResource(FleetTestResource.class)
class AuditTrailTest {

    @Inject
    AuditRetention retention;

    @Test
    void aProxysChangesAreAuditedNewestFirstWithTheTokensNameNeverAHeaderTheClientSets() {
        long id = Api.createProxy(Api.proxyWith("priority", 3));
        given().header("Authorization", "Bearer " + TestTokens.OPERATOR).header("X-Forwarded-User", "mallory")
                .header("X-Actor", "mallory").contentType(ContentType.JSON).body(Map.of("enabled", false, "priority", 1))
                .patch("/api/proxies/{id}", id).then().statusCode(200);
        given().contentType(ContentType.JSON).body(Map.of("enabled", false, "priority", 1))
                .patch("/api/proxies/{id}", id).then().statusCode(200);

        JsonPath audit = audit("entity", "proxy", "id", id);

        assertThat(audit.getList("items.action")).as("the patch that changed nothing is not recorded")
                .containsExactly("updated", "created");
        assertThat(audit.getList("items.actor")).containsExactly("test-operator", "test-admin");
        assertThat(audit.getMap("items[0].changes")).containsOnlyKeys("enabled", "priority");
        assertThat(audit.getBoolean("items[0].changes.enabled.old")).isTrue();
        assertThat(audit.getBoolean("items[0].changes.enabled.new")).isFalse();
        assertThat(audit.getInt("items[0].changes.priority.old")).isEqualTo(3);
        assertThat(audit.getInt("items[0].changes.priority.new")).isEqualTo(1);
        assertThat(audit.getString("items[0].entityId")).isEqualTo(String.valueOf(id));
        assertThat(audit.getMap("items[1].changes")).as("what was set, nothing of the bookkeeping")
                .containsOnlyKeys("host", "port", "protocol", "username", "password", "labels", "priority", "enabled",
                        "maxAccounts", "maxKeys");
        assertThat(audit.getString("items[1].changes.password")).isEqualTo("changed");
        assertThat(audit.getString("items[1].changes.host.new")).endsWith(".test.example");
        assertThat(audit.getString("items[1].changes.host.old")).isNull();
        assertThat(audit.getLong("total")).isEqualTo(2);
    }

    @Test
    void secretsAreRecordedOnlyAsChangedNeitherAsTextNorAsCiphertext() throws Exception {
        String password = "pw-secret-audit-" + Api.unique();
        long id = Api.createProxy(Api.proxyBody(password));
        String newPassword = "pw-secret-audit-new-" + Api.unique();
        Map<String, Object> replaced = Api.proxyWith("password", newPassword);
        given().contentType(ContentType.JSON).body(replaced).put("/api/proxies/{id}", id).then().statusCode(200);
        String keySecret = "pw-secret-audit-key-" + Api.unique();
        long key = Api.createKey(id, "audit-pool", keySecret);
        given().delete("/api/proxies/{id}/keys/{key}", id, key).then().statusCode(204);

        List<String> stored = Database.queryStrings("SELECT changes::text FROM audit_entry "
                + "WHERE (entity = 'proxy' AND entity_id = ?) OR (entity = 'key' AND entity_id = ?)",
                String.valueOf(id), String.valueOf(key));
        List<String> ciphertexts = Database.queryStrings(
                "SELECT password_ciphertext FROM proxy WHERE id = ?", id);

        assertThat(stored).hasSize(4).noneMatch(changes -> changes.contains(password) || changes.contains(newPassword)
                || changes.contains(keySecret) || changes.contains(ciphertexts.get(0)) || changes.contains("Ciphertext"));
        JsonPath proxy = audit("entity", "proxy", "id", id);
        assertThat(proxy.getString("items[0].changes.password")).isEqualTo("changed");
        JsonPath keys = audit("entity", "key", "id", key);
        assertThat(keys.getList("items.action")).containsExactly("deleted", "created");
        assertThat(keys.getString("items[1].changes.secret")).isEqualTo("changed");
        assertThat(keys.getString("items[1].changes.pool.new")).isEqualTo("audit-pool");
        assertThat(keys.getLong("items[1].changes.proxyId.new")).isEqualTo(id);
    }

    /**
     * The change and its entry are one transaction: a failure after the entry was written (here the outbox refusing
     * the change's event) leaves neither the change nor the entry.
     */
    @Test
    void aChangeThatFailsAfterItsEntryWasWrittenLeavesNoEntry() throws Exception {
        long id = Api.createProxy(Api.proxyWith());
        Database.execute("CREATE FUNCTION audit_test_refuse() RETURNS trigger LANGUAGE plpgsql AS "
                + "$$ BEGIN RAISE EXCEPTION 'refused by the test'; END $$");
        Database.execute("CREATE TRIGGER audit_test_refuse BEFORE INSERT ON outbox FOR EACH ROW WHEN (NEW.event_key = '"
                + id + "') EXECUTE FUNCTION audit_test_refuse()");
        try {
            given().contentType(ContentType.JSON).body(Map.of("priority", 9)).patch("/api/proxies/{id}", id)
                    .then().statusCode(500);
        } finally {
            Database.execute("DROP TRIGGER audit_test_refuse ON outbox");
            Database.execute("DROP FUNCTION audit_test_refuse()");
        }

        assertThat(given().get("/api/proxies/{id}", id).then().statusCode(200).extract().jsonPath().getInt("priority"))
                .isZero();
        assertThat(audit("entity", "proxy", "id", id).getList("items.action")).containsExactly("created");
        given().contentType(ContentType.JSON).body(Map.of("priority", 9)).patch("/api/proxies/{id}", id)
                .then().statusCode(200);
        assertThat(audit("entity", "proxy", "id", id).getList("items.action")).containsExactly("updated", "created");
    }

    @Test
    void providersVpsHostsAndDeletionsAreAudited() {
        long provider = Api.createProvider("audit-provider-" + Api.unique());
        long proxy = Api.createProxy(Api.proxyWith("providerId", provider));
        long vps = Api.createVps("audit-vps-" + Api.unique());
        given().contentType(ContentType.JSON).body(Map.of("name", "audit-vps-renamed-" + Api.unique(), "environment", "test"))
                .put("/api/vps/{id}", vps).then().statusCode(200);
        given().delete("/api/vps/{id}", vps).then().statusCode(204);
        given().queryParam("cascade", true).delete("/api/providers/{id}", provider).then().statusCode(204);

        assertThat(audit("entity", "vps", "id", vps).getList("items.action")).containsExactly("deleted", "updated", "created");
        assertThat(audit("entity", "vps", "id", vps).getMap("items[1].changes")).containsOnlyKeys("name");
        JsonPath providerAudit = audit("entity", "provider", "id", provider);
        assertThat(providerAudit.getList("items.action")).containsExactly("deleted", "created");
        assertThat(providerAudit.getString("items[0].changes.name.new")).isNull();
        assertThat(audit("entity", "proxy", "id", proxy).getList("items.action"))
                .as("the cascade deletes the provider's proxy, recorded too").containsExactly("deleted", "created");
    }

    @Test
    void anImportIsOneEntryWithTheCountsOfItsLines() {
        String host = Api.uniqueHost();
        String actor = "test-operator";
        given().header("Authorization", "Bearer " + TestTokens.OPERATOR).contentType("text/plain")
                .body(host + ":1\n" + host + ":2\n" + host + ":2\nnot a proxy\n").post("/api/proxies/import")
                .then().statusCode(200);
        given().header("Authorization", "Bearer " + TestTokens.OPERATOR).contentType("text/plain")
                .body(Api.uniqueHost() + ":1\n").post("/api/proxies/import?dryRun=true").then().statusCode(200);

        JsonPath audit = audit("entity", "proxy", "actor", actor, "size", 1);

        assertThat(audit.getString("items[0].action")).as("a dry run stores nothing and records nothing").isEqualTo("imported");
        assertThat(audit.getString("items[0].entityId")).isNull();
        assertThat(audit.getMap("items[0].changes")).containsExactlyInAnyOrderEntriesOf(
                Map.of("lines", 4, "created", 2, "duplicates", 1, "invalid", 1));
    }

    @Test
    void filtersByActorAndTimeAndPagesNewestFirst() {
        long provider = Api.createProvider("audit-paged-" + Api.unique());
        for (int cost = 1; cost <= 3; cost++) {
            given().header("Authorization", "Bearer " + TestTokens.OPERATOR).contentType(ContentType.JSON)
                    .body(Map.of("monthlyCostPerProxy", cost + ".25")).patch("/api/providers/{id}", provider)
                    .then().statusCode(200);
        }
        JsonPath all = audit("entity", "provider", "id", provider);
        Instant created = Instant.parse(all.getString("items[3].at"));

        JsonPath first = audit("entity", "provider", "id", provider, "actor", "test-operator", "size", 2, "page", 0);
        JsonPath second = audit("entity", "provider", "id", provider, "actor", "test-operator", "size", 2, "page", 1);

        assertThat(all.getList("items.actor")).containsExactly("test-operator", "test-operator", "test-operator", "test-admin");
        assertThat(first.getLong("total")).isEqualTo(3);
        assertThat(first.getList("items.changes.monthlyCostPerProxy.new", Double.class)).containsExactly(3.25, 2.25);
        assertThat(second.getList("items.changes.monthlyCostPerProxy.new", Double.class)).containsExactly(1.25);
        assertThat(audit("entity", "provider", "id", provider, "to", created.plusNanos(1000).toString())
                .getList("items.action")).containsExactly("created");
        assertThat(audit("entity", "provider", "id", provider, "from", created.plusNanos(1000).toString())
                .getLong("total")).isEqualTo(3);
    }

    @Test
    void refusesFiltersItCannotApplyNamingTheField() {
        assertFieldError(given().queryParam("entity", "assignment").get("/api/audit").then(), "entity");
        assertFieldError(given().queryParam("from", "yesterday").get("/api/audit").then(), "from");
        assertFieldError(given().queryParam("from", "2026-12-05T10:00:00Z").queryParam("to", "2026-12-05T09:00:00Z")
                .get("/api/audit").then(), "to");
        assertFieldError(given().queryParam("size", 0).get("/api/audit").then(), "size");
        given().header("Authorization", "Bearer " + TestTokens.VIEWER).get("/api/audit").then().statusCode(200);
    }

    @Test
    void entriesOlderThanTheRetentionArePurged() throws Exception {
        String old = "retention-" + Api.unique();
        Database.execute("INSERT INTO audit_entry (at, actor, entity, entity_id, action, changes) VALUES "
                + "(now() - interval '366 days', 'test-admin', 'vps', ?, 'created', '{}'), "
                + "(now() - interval '364 days', 'test-admin', 'vps', ?, 'updated', '{}')", old, old);

        retention.purge().await().atMost(Duration.ofSeconds(30));

        assertThat(Database.queryStrings("SELECT action FROM audit_entry WHERE entity_id = ?", old))
                .containsExactly("updated");
    }

    private static JsonPath audit(Object... parametersAndValues) {
        var request = given().accept(ContentType.JSON);
        for (int i = 0; i < parametersAndValues.length; i += 2) {
            request.queryParam((String) parametersAndValues[i], parametersAndValues[i + 1]);
        }
        return request.get("/api/audit").then().statusCode(200).extract().jsonPath();
    }
}
