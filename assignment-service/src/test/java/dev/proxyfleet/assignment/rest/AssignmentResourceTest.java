package dev.proxyfleet.assignment.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;

import dev.proxyfleet.assignment.Fleet;
import dev.proxyfleet.contracts.EventData;
import dev.proxyfleet.localinfra.FleetTestResource;
import dev.proxyfleet.localinfra.TestTokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every endpoint of the assignment REST API against the running service, its real database and broker. Each test
 * starts from an empty fleet and uses its own model ids, so the shared database's other rows never match.
 */
@QuarkusTest
@WithTestResource(FleetTestResource.class)
class AssignmentResourceTest {

    private static final String PROBLEM = "application/problem+json";
    /** The names FleetTestResource gives the admin token (sent by default) and the operator token. */
    private static final String ADMIN_NAME = "test-admin";
    private static final String OPERATOR_NAME = "test-operator";

    @AfterEach
    void rulesHold() {
        assertThat(Fleet.violations()).isZero();
    }

    // --- fixtures -------------------------------------------------------------------------------------------------

    private static String newAccount() {
        return "acc-" + Fleet.nextId();
    }

    private static String newModel() {
        return "model-" + Fleet.nextId();
    }

    /** {@code POST /api/assignments} with {@code token} (the admin token when null); null fields are left out. */
    private static ValidatableResponse post(String token, String accountId, String modelId, Long proxyId) {
        Map<String, Object> body = new HashMap<>();
        body.put("accountId", accountId);
        if (modelId != null) {
            body.put("modelId", modelId);
        }
        if (proxyId != null) {
            body.put("proxyId", proxyId);
        }
        return as(token).contentType(ContentType.JSON).body(body).post("/api/assignments").then();
    }

    private static ValidatableResponse post(String accountId, String modelId, Long proxyId) {
        return post(null, accountId, modelId, proxyId);
    }

    /** A POST without a body, declared as JSON (the resource consumes JSON; RestAssured would send a form type). */
    private static Response postWithoutBody(String token, String path, Object... pathParams) {
        return as(token).contentType(ContentType.JSON).post(path, pathParams);
    }

    private static RequestSpecification as(String token) {
        return token == null ? given() : given().header("Authorization", "Bearer " + token);
    }

    /** Binds a new account of {@code model} to {@code proxy} and asserts it is assigned there. */
    private static String assignedTo(long proxy, String model) {
        String account = newAccount();
        JsonPath view = post(account, model, proxy).statusCode(200).extract().jsonPath();
        assertThat(view.getLong("proxyId")).isEqualTo(proxy);
        return account;
    }

    /** A new account of {@code model} placed by policy while nothing has room: it waits. */
    private static String pending(String model) {
        String account = newAccount();
        post(account, model, null).statusCode(200).body("status", equalTo("pending")).body("proxyId", equalTo(null));
        return account;
    }

    private static JsonPath ok(String path, Object... pathParams) {
        return given().get(path, pathParams).then().statusCode(200).extract().jsonPath();
    }

    /** {@code GET /api/accounts/{id}/proxy}. */
    private static JsonPath accountView(String account) {
        return ok("/api/accounts/{id}/proxy", account);
    }

    private static JsonPath history(String filter, Object value) {
        return given().queryParam(filter, value).get("/api/assignments/history").then().statusCode(200).extract().jsonPath();
    }

    private static ValidatableResponse problem(ValidatableResponse response, int status) {
        return response.statusCode(status).header("Content-Type", startsWith(PROBLEM)).body("status", equalTo(status));
    }

    /**
     * Asks for a new account of {@code model} on {@code proxy}: a 409 problem whose detail starts with {@code detail},
     * and the account was not created.
     */
    private static ValidatableResponse refusedOn(long proxy, String model, String detail) {
        String account = newAccount();
        ValidatableResponse response = problem(post(account, model, proxy), 409).body("detail", startsWith(detail));
        problem(given().get("/api/accounts/{id}/proxy", account).then(), 404);
        return response;
    }

    /** Binds one account of a new model to {@code proxy}; answers the model. */
    private static String assignedModel(long proxy) {
        String model = newModel();
        assignedTo(proxy, model);
        return model;
    }

    /** A proxy of one slot held by {@code bound}, and {@code waiting}, an account of the same model in the queue. */
    private record FullProxy(long proxy, String model, String bound, String waiting) {
    }

    private static FullProxy fullProxyWithAWaitingAccount() {
        Fleet.emptyFleet();
        long proxy = Fleet.createProxy(1);
        String model = newModel();
        return new FullProxy(proxy, model, assignedTo(proxy, model), pending(model));
    }

    private static long accountsOn(long proxy) {
        return Fleet.sql("SELECT account_count FROM proxy WHERE id = " + proxy);
    }

    // --- POST /api/assignments --------------------------------------------------------------------------------------

    @Test
    void assignByPolicyBindsANewAccountAndRecordsTheCallersTokenNameAsActor() {
        Fleet.emptyFleet();
        long proxy = Fleet.createProxy(3);
        String account = newAccount();

        JsonPath view = post(account, "model-a", null).statusCode(200).extract().jsonPath();

        assertThat(view.getString("accountId")).isEqualTo(account);
        assertThat(view.getString("modelId")).isEqualTo("model-a");
        assertThat(view.getLong("proxyId")).isEqualTo(proxy);
        assertThat(view.getString("status")).isEqualTo("assigned");
        JsonPath entry = history("accountId", account);
        assertThat(entry.getList("action")).containsExactly("assigned");
        assertThat(entry.getList("reason")).containsExactly("manual");
        assertThat(entry.getList("actor")).containsExactly(ADMIN_NAME);
    }

    @Test
    void assignToAGivenProxyBindsThereEvenWhenThePolicyWouldChooseAnother() {
        Fleet.emptyFleet();
        Fleet.createProxy(3);
        long chosen = Fleet.createProxy(3);
        String account = newAccount();
        String model = newModel();

        post(TestTokens.OPERATOR, account, model, chosen).statusCode(200)
                .body("accountId", equalTo(account)).body("modelId", equalTo(model)).body("status", equalTo("assigned"));

        assertThat(Fleet.proxyOf(account)).isEqualTo(chosen);
        assertThat(accountsOn(chosen)).isEqualTo(1);
        assertThat(history("accountId", account).getList("actor")).containsExactly(OPERATOR_NAME);
    }

    @Test
    void reassignToAnotherProxyMovesTheAccountAndRecordsTheCallerAsActor() {
        Fleet.emptyFleet();
        long from = Fleet.createProxy(3);
        long to = Fleet.createProxy(3);
        String account = assignedTo(from, newModel());

        JsonPath view = post(TestTokens.OPERATOR, account, null, to).statusCode(200).extract().jsonPath();

        assertThat(view.getLong("proxyId")).isEqualTo(to);
        assertThat(view.getString("status")).isEqualTo("assigned");
        assertThat(accountsOn(from)).isZero();
        assertThat(accountsOn(to)).isEqualTo(1);
        Map<String, Object> latest = history("accountId", account).getMap("[0]");
        assertThat(latest).containsEntry("action", "reassigned").containsEntry("reason", "manual")
                .containsEntry("actor", OPERATOR_NAME);
        assertThat(((Number) latest.get("proxyId")).longValue()).isEqualTo(to);
        assertThat(((Number) latest.get("previousProxyId")).longValue()).isEqualTo(from);
    }

    @Test
    void anXActorHeaderCannotRecordAChangeInSomeoneElsesName() {
        Fleet.emptyFleet();
        long proxy = Fleet.createProxy(3);
        String account = newAccount();

        as(TestTokens.OPERATOR).header("X-Actor", "mallory").contentType(ContentType.JSON)
                .body(Map.of("accountId", account, "modelId", newModel(), "proxyId", proxy))
                .post("/api/assignments").then().statusCode(200);
        as(TestTokens.OPERATOR).header("X-Actor", "mallory").delete("/api/assignments/{id}", account).then().statusCode(204);

        JsonPath entries = history("accountId", account);
        assertThat(entries.getList("action")).containsExactly("released", "assigned");
        assertThat(entries.getList("actor")).containsExactly(OPERATOR_NAME, OPERATOR_NAME);
    }

    @Test
    void reassignByPolicyMovesTheAccountToAnotherProxyWithRoom() {
        Fleet.emptyFleet();
        long from = Fleet.createProxy(3);
        String account = assignedTo(from, newModel());
        long other = Fleet.createProxy(3);

        post(account, null, null).statusCode(200).body("status", equalTo("assigned"));

        assertThat(Fleet.proxyOf(account)).isEqualTo(other);
        assertThat(history("accountId", account).getList("action")).containsExactly("reassigned", "assigned");
        assertThat(history("accountId", account).getList("actor")).containsExactly(ADMIN_NAME, ADMIN_NAME);
    }

    @Test
    void reassignByPolicyWithNoOtherRoomKeepsTheAccountOnItsProxy() {
        FullProxy full = fullProxyWithAWaitingAccount();

        ValidatableResponse response = post(full.bound(), null, null);

        assertThat(Fleet.proxyOf(full.bound())).as("the account keeps its proxy").isEqualTo(full.proxy());
        assertThat(accountView(full.waiting()).getString("status")).as("the older pending account").isEqualTo("pending");
        assertThat(history("accountId", full.bound()).getList("action")).containsExactly("assigned");
        problem(response, 409).body("detail",
                startsWith("no proxy other than " + full.proxy() + " has room for model " + full.model()));
    }

    @Test
    void fullProxyAnswers409NamingRule1AndItsNumbers() {
        Fleet.emptyFleet();
        long proxy = Fleet.createProxy(2);
        String model = newModel();
        assignedTo(proxy, model);
        assignedTo(proxy, model);

        refusedOn(proxy, model, "rule 1: proxy " + proxy + " holds 2 of 2");

        assertThat(accountsOn(proxy)).isEqualTo(2);
    }

    @Test
    void proxyOfAnotherModelAnswers409NamingRule2AndThatModel() {
        Fleet.emptyFleet();
        long proxy = Fleet.createProxy(3);
        String model = assignedModel(proxy);

        refusedOn(proxy, newModel(), "rule 2: proxy " + proxy + " belongs to model " + model);
    }

    @Test
    void disabledOrFailedProxyAnswers409NamingRule3AndWhy() {
        Fleet.emptyFleet();
        long disabled = Fleet.createProxy(3);
        long failed = Fleet.createProxy(3);
        Fleet.disableProxy(disabled);
        Fleet.failProxy(failed);

        refusedOn(disabled, newModel(), "rule 3: proxy " + disabled + " is not eligible")
                .body("detail", containsString("enabled="));
        refusedOn(failed, newModel(), "rule 3: proxy " + failed + " is not eligible")
                .body("detail", containsString("health=failed"));
    }

    @Test
    void unknownProxyAnswers409NamingRule3() {
        long unknown = Fleet.nextId();

        refusedOn(unknown, newModel(), "rule 3: proxy " + unknown + " is not known");
    }

    @Test
    void newAccountWithoutModelAnswers404() {
        String account = newAccount();

        problem(post(account, null, null), 404).body("detail", startsWith("account " + account + " is not known"));
    }

    @Test
    void requestWithoutAccountIdAnswers400NamingTheField() {
        problem(post(null, newModel(), null), 400).body("errors.field", hasItem("accountId"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "acc\u0000nul", "acc\ttab", "acc\u007f"})
    void accountIdOutsideTheEventRuleAnswers400NamingTheField(String accountId) {
        problem(post(accountId, newModel(), null), 400).body("errors.field", hasItem("accountId"));
    }

    @Test
    void accountIdLongerThanTheEventRuleAllowsAnswers400() {
        problem(post("a".repeat(EventData.MAX_ID_LENGTH + 1), newModel(), null), 400)
                .body("errors.field", hasItem("accountId"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "model\u0000nul", "model\nline"})
    void modelIdOutsideTheEventRuleAnswers400NamingTheField(String modelId) {
        String account = newAccount();

        problem(post(account, modelId, null), 400).body("errors.field", hasItem("modelId"));
        problem(given().get("/api/accounts/{id}/proxy", account).then(), 404);
    }

    @Test
    void idsInPathsAndFiltersFollowTheSameRule() {
        String nul = "acc\u0000" + Fleet.nextId();

        problem(given().get("/api/accounts/{id}/proxy", nul).then(), 400);
        problem(given().delete("/api/assignments/{id}", nul).then(), 400);
        problem(given().queryParam("accountId", nul).get("/api/assignments").then(), 400)
                .body("errors.field", hasItem("accountId"));
        problem(given().queryParam("modelId", "m\u0000").get("/api/assignments").then(), 400)
                .body("errors.field", hasItem("modelId"));
        problem(given().queryParam("accountId", nul).get("/api/assignments/history").then(), 400)
                .body("errors.field", hasItem("accountId"));
    }

    // --- DELETE /api/assignments/{accountId} ------------------------------------------------------------------------

    @Test
    void releaseMakesTheAccountInactiveAndAPendingAccountTakesTheFreedSlot() {
        Fleet.emptyFleet();
        long proxy = Fleet.createProxy(2);
        String model = newModel();
        String released = assignedTo(proxy, model);
        assignedTo(proxy, model);
        String waiting = pending(model);

        as(TestTokens.OPERATOR).delete("/api/assignments/{id}", released).then().statusCode(204);

        JsonPath view = accountView(released);
        assertThat(view.getString("status")).isEqualTo("inactive");
        assertThat(view.getString("proxyId")).isNull();
        assertThat(accountView(waiting).getString("status")).isEqualTo("assigned");
        assertThat(accountView(waiting).getLong("proxyId")).isEqualTo(proxy);
        assertThat(accountsOn(proxy)).isEqualTo(2);
        Map<String, Object> release = history("accountId", released).getMap("[0]");
        assertThat(release).containsEntry("action", "released").containsEntry("reason", "manual")
                .containsEntry("actor", OPERATOR_NAME);
        assertThat(history("accountId", waiting).getList("action")).containsExactly("assigned", "pending");
    }

    @Test
    void releasingAnUnknownAccountAnswers404() {
        problem(given().delete("/api/assignments/{id}", newAccount()).then(), 404);
    }

    // --- reads --------------------------------------------------------------------------------------------------------

    @Test
    void listFiltersByProxyModelAndAccount() {
        Fleet.emptyFleet();
        long first = Fleet.createProxy(3);
        long second = Fleet.createProxy(3);
        String model = newModel();
        String a = assignedTo(first, model);
        String b = assignedTo(first, model);
        String c = assignedTo(second, model);
        String other = assignedTo(Fleet.createProxy(3), newModel());

        assertThat(accountIds("proxyId", first)).containsExactlyInAnyOrder(a, b);
        assertThat(accountIds("modelId", model)).containsExactlyInAnyOrder(a, b, c);
        assertThat(accountIds("accountId", other)).containsExactly(other);
        assertThat(given().queryParam("proxyId", second).queryParam("modelId", model).get("/api/assignments")
                .then().statusCode(200).extract().jsonPath().getList("accountId")).containsExactly(c);
    }

    private static List<String> accountIds(String filter, Object value) {
        return given().queryParam(filter, value).get("/api/assignments").then().statusCode(200)
                .extract().jsonPath().getList("accountId");
    }

    @Test
    void accountProxyAnswersAssignedPendingOrNotFound() {
        FullProxy full = fullProxyWithAWaitingAccount();

        JsonPath assigned = accountView(full.bound());
        assertThat(assigned.getString("status")).isEqualTo("assigned");
        assertThat(assigned.getLong("proxyId")).isEqualTo(full.proxy());
        assertThat(assigned.getString("modelId")).isEqualTo(full.model());
        JsonPath queued = accountView(full.waiting());
        assertThat(queued.getString("status")).isEqualTo("pending");
        assertThat(queued.getString("proxyId")).isNull();
        assertThat(queued.getString("pendingSince")).isNotNull();
        problem(given().get("/api/accounts/{id}/proxy", newAccount()).then(), 404);
    }

    @Test
    void pendingListsWaitingAccountsOldestFirst() {
        Fleet.emptyFleet();
        String model = newModel();
        List<String> waiting = List.of(pending(model), pending(model), pending(newModel()));

        JsonPath queue = ok("/api/assignments/pending");

        assertThat(queue.getList("accountId")).containsExactlyElementsOf(waiting);
        assertThat(queue.getList("status")).containsOnly("pending");
    }

    // --- POST /api/assignments/auto -------------------------------------------------------------------------------

    @Test
    void autoAssignsPendingAccountsOldestFirstOnceCapacityExists() {
        Fleet.emptyFleet();
        long proxy = Fleet.createDisabledProxy(2);
        String model = newModel();
        List<String> waiting = List.of(pending(model), pending(model), pending(model));
        autoAssigned(0);

        // Capacity the event path does not see: only the auto endpoint can hand it out.
        Fleet.execute("UPDATE proxy SET enabled = TRUE WHERE id = " + proxy);

        autoAssigned(2);
        assertThat(Fleet.proxyOf(waiting.get(0))).isEqualTo(proxy);
        assertThat(Fleet.proxyOf(waiting.get(1))).isEqualTo(proxy);
        assertThat(ok("/api/assignments/pending").getList("accountId")).containsExactly(waiting.get(2));
        autoAssigned(0);
    }

    private static void autoAssigned(int expected) {
        postWithoutBody(null, "/api/assignments/auto").then().statusCode(200).body("assigned", equalTo(expected));
    }

    // --- GET /api/proxies/available ------------------------------------------------------------------------------------

    @Test
    void availableListsExactlyTheProxiesWithRoomForTheModel() {
        Fleet.emptyFleet();
        long empty = Fleet.createProxy(3);
        long partlyUsed = Fleet.createProxy(3);
        String model = assignedModel(partlyUsed);
        assignedTo(Fleet.createProxy(1), model);
        assignedModel(Fleet.createProxy(3));
        Fleet.disableProxy(Fleet.createProxy(3));
        Fleet.failProxy(Fleet.createProxy(3));

        JsonPath available = given().queryParam("modelId", model).get("/api/proxies/available")
                .then().statusCode(200).extract().jsonPath();

        assertThat(available.getList("id", Long.class)).containsExactlyInAnyOrder(empty, partlyUsed);
        Map<String, Object> used = available.getMap("find { it.id == " + partlyUsed + "L }");
        assertThat(used).containsEntry("accounts", 1).containsEntry("maxAccounts", 3).containsEntry("modelId", model);
    }

    @Test
    void availableWithoutModelAnswers400() {
        problem(given().get("/api/proxies/available").then(), 400).body("errors.field", hasItem("modelId"));
    }

    // --- POST /api/proxies/{id}/release --------------------------------------------------------------------------------

    @Test
    void releasingAProxyMovesEveryAccountWithinTheRulesOrToPending() {
        Fleet.emptyFleet();
        String model = newModel();
        long proxy = Fleet.createProxy(3);
        String first = assignedTo(proxy, model);
        String second = assignedTo(proxy, model);
        long otherModel = Fleet.createProxy(3);
        String stranger = assignedTo(otherModel, newModel());
        long spare = Fleet.createProxy(1);

        postWithoutBody(TestTokens.OPERATOR, "/api/proxies/{id}/release", proxy).then().statusCode(200).body("moved", equalTo(2));

        assertThat(accountsOn(proxy)).isZero();
        assertThat(Fleet.proxyOf(first)).isEqualTo(spare);
        assertThat(accountView(second).getString("status")).isEqualTo("pending");
        assertThat(Fleet.proxyOf(stranger)).isEqualTo(otherModel);
        JsonPath moves = history("proxyId", proxy);
        assertThat(moves.getList("reason")).containsExactly("no_capacity", "manual", "manual", "manual", "manual");
        assertThat(moves.getList("action")).containsExactly("pending", "released", "reassigned", "assigned", "assigned");
        assertThat(moves.getList("actor"))
                .containsExactly(OPERATOR_NAME, OPERATOR_NAME, OPERATOR_NAME, ADMIN_NAME, ADMIN_NAME);
    }

    @Test
    void releasingAnEmptyProxyMovesNothing() {
        Fleet.emptyFleet();
        long proxy = Fleet.createProxy(3);

        postWithoutBody(null, "/api/proxies/{id}/release", proxy).then().statusCode(200).body("moved", equalTo(0));
    }

    // --- GET /api/assignments/history --------------------------------------------------------------------------------

    @Test
    void historyFiltersByAccountAndProxyNewestFirst() {
        Fleet.emptyFleet();
        String model = newModel();
        long first = Fleet.createProxy(3);
        long second = Fleet.createProxy(3);
        String account = assignedTo(first, model);
        String neighbour = assignedTo(first, model);
        post(account, null, second).statusCode(200);
        given().delete("/api/assignments/{id}", account).then().statusCode(204);

        JsonPath ofAccount = history("accountId", account);
        assertThat(ofAccount.getList("action")).containsExactly("released", "reassigned", "assigned");
        assertThat(ofAccount.getList("proxyId", Long.class)).containsExactly(second, second, first);
        assertThat(ofAccount.getList("id", Long.class)).isSortedAccordingTo((x, y) -> Long.compare(y, x));

        JsonPath ofFirst = history("proxyId", first);
        assertThat(ofFirst.getList("accountId")).containsExactly(account, neighbour, account);
        assertThat(ofFirst.getList("action")).containsExactly("reassigned", "assigned", "assigned");
        assertThat(history("proxyId", second).getList("action")).containsExactly("released", "reassigned");
    }
}
