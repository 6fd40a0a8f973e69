package dev.proxyfleet.assignment.rest;

import static dev.proxyfleet.assignment.Fleet.awaitSql;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import dev.proxyfleet.assignment.Fleet;
import dev.proxyfleet.assignment.engine.HistoryRetention;
import dev.proxyfleet.contracts.EventType;
import dev.proxyfleet.contracts.HealthState;
import dev.proxyfleet.localinfra.FleetTestResource;
import dev.proxyfleet.localinfra.TestTokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code GET /api/audit}: the assignment history as the assignments' audit trail, with its actors and reasons. */
@QuarkusTest
@WithTestResource(FleetTestResource.class)
class AuditResourceTest {

    @Inject
    HistoryRetention retention;

    @Test
    void aMoveOffAFailedProxyIsAuditedAsTheSystemsWithItsReason() {
        Fleet.emptyFleet();
        long failing = Fleet.createProxy(3);
        String account = "acc-" + Fleet.nextId();
        Fleet.account(EventType.ACCOUNT_CREATED, account, "model-audit-" + Fleet.nextId());
        awaitSql("SELECT count(*) FROM account WHERE account_id = '" + account + "' AND proxy_id = " + failing, 1);
        long spare = Fleet.createProxy(3);

        Fleet.health(failing, HealthState.HEALTHY, HealthState.FAILED);
        awaitSql("SELECT count(*) FROM account WHERE account_id = '" + account + "' AND proxy_id = " + spare, 1);

        JsonPath audit = audit("entity", "assignment", "id", account);
        assertThat(audit.getList("action")).containsExactly("reassigned", "assigned");
        assertThat(audit.getList("reason")).containsExactly("proxy_failed", "automatic");
        assertThat(audit.getList("actor")).containsOnly("system");
        assertThat(audit.getList("entity")).containsOnly("assignment");
        assertThat(audit.getLong("[0].changes.proxyId.old")).isEqualTo(failing);
        assertThat(audit.getLong("[0].changes.proxyId.new")).isEqualTo(spare);
        assertThat(audit.getString("[1].changes.proxyId.old")).isNull();
        assertThat(audit.getLong("[1].changes.proxyId.new")).isEqualTo(failing);
    }

    @Test
    void aManualChangeIsAuditedUnderTheTokensNameNeverAHeaderTheClientSets() {
        Fleet.emptyFleet();
        long proxy = Fleet.createProxy(3);
        String account = "acc-" + Fleet.nextId();
        given().header("Authorization", "Bearer " + TestTokens.OPERATOR).header("X-Actor", "mallory")
                .header("X-Forwarded-User", "mallory").contentType(ContentType.JSON)
                .body(Map.of("accountId", account, "modelId", "model-" + Fleet.nextId(), "proxyId", proxy))
                .post("/api/assignments").then().statusCode(200);
        given().header("Authorization", "Bearer " + TestTokens.OPERATOR).delete("/api/assignments/{id}", account)
                .then().statusCode(204);

        JsonPath audit = audit("id", account);

        assertThat(audit.getList("action")).containsExactly("released", "assigned");
        assertThat(audit.getList("actor")).containsOnly("test-operator");
        assertThat(audit.getList("reason")).containsOnly("manual");
        assertThat(audit.getLong("[0].changes.proxyId.old")).isEqualTo(proxy);
        assertThat(audit.getString("[0].changes.proxyId.new")).isNull();
    }

    @Test
    void filtersByActorAndTimeAndPagesByCursorNewestFirst() {
        Fleet.emptyFleet();
        long first = Fleet.createProxy(3);
        long second = Fleet.createProxy(3);
        String account = "acc-" + Fleet.nextId();
        String model = "model-" + Fleet.nextId();
        assign(TestTokens.ADMIN, account, model, first);
        assign(TestTokens.OPERATOR, account, model, second);
        assign(TestTokens.OPERATOR, account, model, first);

        JsonPath all = audit("id", account);
        JsonPath page = audit("id", account, "actor", "test-operator", "limit", 1);
        JsonPath next = audit("id", account, "actor", "test-operator", "limit", 1, "before", page.getLong("[0].id"));
        Instant assigned = Instant.parse(all.getString("[2].at"));

        assertThat(all.getList("actor")).containsExactly("test-operator", "test-operator", "test-admin");
        assertThat(page.getLong("[0].changes.proxyId.new")).isEqualTo(first);
        assertThat(next.getLong("[0].changes.proxyId.new")).isEqualTo(second);
        assertThat(audit("id", account, "actor", "test-operator", "before", next.getLong("[0].id")).getList("$")).isEmpty();
        assertThat(audit("id", account, "to", assigned.plusNanos(1000).toString()).getList("action"))
                .containsExactly("assigned");
        assertThat(audit("id", account, "from", assigned.plusNanos(1000).toString()).getList("action"))
                .containsExactly("reassigned", "reassigned");
    }

    @Test
    void refusesFiltersItCannotApplyNamingTheField() {
        fieldError(given().queryParam("entity", "proxy").get("/api/audit").then(), "entity");
        fieldError(given().queryParam("from", "yesterday").get("/api/audit").then(), "from");
        fieldError(given().queryParam("limit", 0).get("/api/audit").then(), "limit");
        given().header("Authorization", "Bearer " + TestTokens.VIEWER).get("/api/audit").then().statusCode(200);
    }

    @Test
    void entriesOlderThanTheRetentionArePurged() {
        String account = "acc-retention-" + Fleet.nextId();
        Fleet.execute("INSERT INTO assignment_history (account_id, model_id, action, reason, actor, at) VALUES "
                + "('" + account + "', 'm', 'pending', 'no_capacity', 'system', now() - interval '366 days'), "
                + "('" + account + "', 'm', 'assigned', 'automatic', 'system', now() - interval '364 days')");

        retention.purge().await().atMost(Duration.ofSeconds(30));

        assertThat(audit("id", account).getList("action")).containsExactly("assigned");
    }

    private static void assign(String token, String account, String model, long proxy) {
        given().header("Authorization", "Bearer " + token).contentType(ContentType.JSON)
                .body(Map.of("accountId", account, "modelId", model, "proxyId", proxy))
                .post("/api/assignments").then().statusCode(200);
    }

    private static void fieldError(ValidatableResponse response, String field) {
        response.statusCode(400).body("status", equalTo(400)).body("errors.field", hasItem(field));
    }

    private static JsonPath audit(Object... parametersAndValues) {
        var request = given().accept(ContentType.JSON);
        for (int i = 0; i < parametersAndValues.length; i += 2) {
            request.queryParam((String) parametersAndValues[i], parametersAndValues[i + 1]);
        }
        return request.get("/api/audit").then().statusCode(200).extract().jsonPath();
    }
}
