package dev.proxyfleet.assignment.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import dev.proxyfleet.assignment.Fleet;
import dev.proxyfleet.contracts.AssignmentData;
import dev.proxyfleet.contracts.AssignmentReason;
import dev.proxyfleet.contracts.CloudEvent;
import dev.proxyfleet.contracts.EventType;
import dev.proxyfleet.contracts.Topic;
import dev.proxyfleet.localinfra.FleetTestResource;
import dev.proxyfleet.localinfra.TestTokens;
import dev.proxyfleet.localinfra.TopicReader;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.sql.Connection;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /api/capacity}, the stranded-slots metric and {@code POST /api/capacity/consolidate} against the running
 * service, its database and broker. Each test starts from an empty fleet and uses its own model ids.
 */
@QuarkusTest
@WithTestResource(FleetTestResource.class)
class CapacityResourceTest {

    private static final String OPERATOR_NAME = "test-operator";
    private static final Pattern STRANDED = Pattern.compile("^fleet_assignment_stranded_slots (\\S+)$", Pattern.MULTILINE);

    @AfterEach
    void rulesHold() {
        assertThat(Fleet.violations()).isZero();
    }

    private static JsonPath capacity() {
        return given().header("Authorization", "Bearer " + TestTokens.VIEWER).get("/api/capacity")
                .then().statusCode(200).extract().jsonPath();
    }

    private static Response consolidate(String token, boolean dryRun) {
        return given().header("Authorization", "Bearer " + token).queryParam("dryRun", dryRun)
                .post("/api/capacity/consolidate");
    }

    /** Binds a new account of the model by hand: to the proxy, or by policy (or to pending) when it is null. */
    private static void assign(String accountId, String modelId, Long proxyId) {
        Map<String, Object> body = new HashMap<>(Map.of("accountId", accountId, "modelId", modelId));
        if (proxyId != null) {
            body.put("proxyId", proxyId);
        }
        given().contentType(ContentType.JSON).body(body).post("/api/assignments").then().statusCode(200);
    }

    private static double strandedMetric() {
        Matcher matcher = STRANDED.matcher(given().get("/q/metrics").then().statusCode(200).extract().asString());
        return matcher.find() ? Double.parseDouble(matcher.group(1)) : -1;
    }

    /**
     * Three proxies of three, each holding one account of model A (placed by hand), and two accounts of B waiting:
     * A's six free slots are stranded for B. Returns the proxies.
     */
    private static List<Long> aSpreadOverThreeProxiesAndBWaiting(String a, String b) {
        Fleet.emptyFleet();
        List<Long> proxies = List.of(Fleet.createProxy(3), Fleet.createProxy(3), Fleet.createProxy(3));
        for (int i = 0; i < 3; i++) {
            assign(a + "-" + (i + 1), a, proxies.get(i));
        }
        assign(b + "-1", b, null);
        assign(b + "-2", b, null);
        assertThat(Fleet.sql("SELECT count(*) FROM account WHERE model_id = '" + b + "' AND pending_since IS NOT NULL")).isEqualTo(2);
        return proxies;
    }

    @Test
    void capacityShowsPerModelWhatIsUsableWaitingAndStrandedAndTheMetricFollows() {
        Fleet.emptyFleet();
        Fleet.createProxy(3);
        Fleet.createProxy(3);
        Fleet.createProxy(3);
        Fleet.createProxy(3);
        String run = "capacity-" + Fleet.nextId() + "-";
        Fleet.arriveSixteenOfFourModels(run);

        JsonPath capacity = capacity();

        assertThat(capacity.getLong("emptyProxies")).isZero();
        assertThat(capacity.getLong("freeSlots")).as("A: 7 accounts on 9 slots").isEqualTo(2);
        assertThat(capacity.getLong("strandedSlots")).as("A's free slots, while B, C and D wait").isEqualTo(2);
        assertThat(capacity.getList("models.modelId")).as("waiting longest first").containsExactly(run + "B", run + "C",
                run + "D", run + "A");
        assertThat(capacity.getMap("models[0]")).containsEntry("proxies", 1).containsEntry("accounts", 3)
                .containsEntry("waiting", 1).containsEntry("usable", 0).containsEntry("stranded", 2);
        assertThat(capacity.getMap("models[2]")).containsEntry("proxies", 0).containsEntry("waiting", 2)
                .containsEntry("usable", 0).containsEntry("stranded", 2);
        assertThat(capacity.getMap("models[3]")).containsEntry("proxies", 3).containsEntry("accounts", 7)
                .containsEntry("waiting", 0).containsEntry("usable", 2).containsEntry("stranded", 0);
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> strandedMetric() == 2.0);
    }

    @Test
    void aDryRunProposesTheMovesThatFreeAProxyAndMovesNothing() {
        String a = "dry-a-" + Fleet.nextId();
        String b = "dry-b-" + Fleet.nextId();
        List<Long> proxies = aSpreadOverThreeProxiesAndBWaiting(a, b);

        JsonPath proposal = consolidate(TestTokens.OPERATOR, true).then().statusCode(200).extract().jsonPath();

        assertThat(proposal.getBoolean("dryRun")).isTrue();
        assertThat(proposal.getInt("moves")).as("one account frees a whole proxy").isOne();
        assertThat(proposal.getLong("freed[0].proxyId")).as("fewest accounts, then oldest").isEqualTo(proxies.get(0));
        assertThat(proposal.getString("freed[0].forModelId")).isEqualTo(b);
        assertThat(proposal.getString("freed[0].moves[0].accountId")).isEqualTo(a + "-1");
        assertThat(proposal.getLong("freed[0].moves[0].toProxyId")).isEqualTo(proxies.get(1));
        assertThat(proposal.getInt("freed[0].moves[0].toProxyAccounts")).isEqualTo(2);
        assertThat(Fleet.proxyOf(a + "-1")).as("a dry run moves nothing").isEqualTo(proxies.get(0));
        assertThat(Fleet.sql("SELECT count(*) FROM assignment_history WHERE account_id = '" + a + "-1' AND action = 'reassigned'"))
                .isZero();
    }

    @Test
    void viewersReadCapacityButOnlyOperatorsConsolidate() {
        String a = "role-a-" + Fleet.nextId();
        List<Long> proxies = aSpreadOverThreeProxiesAndBWaiting(a, "role-b-" + Fleet.nextId());

        capacity();
        consolidate(TestTokens.VIEWER, true).then().statusCode(403);
        consolidate(TestTokens.VIEWER, false).then().statusCode(403);
        assertThat(Fleet.proxyOf(a + "-1")).isEqualTo(proxies.get(0));
    }

    @Test
    void appliedConsolidationMovesTheAccountsAsTheOperatorAndTheWaitingTakeTheFreedProxy() {
        String a = "apply-a-" + Fleet.nextId();
        String b = "apply-b-" + Fleet.nextId();
        List<Long> proxies = aSpreadOverThreeProxiesAndBWaiting(a, b);

        try (TopicReader topic = new TopicReader(Topic.ASSIGNMENT_EVENTS.topicName())) {
            JsonPath applied = consolidate(TestTokens.OPERATOR, false).then().statusCode(200).extract().jsonPath();

            assertThat(applied.getBoolean("dryRun")).isFalse();
            assertThat(applied.getInt("moves")).isOne();
            assertThat(applied.getInt("assigned")).as("both of B").isEqualTo(2);
            assertThat(Fleet.proxyOf(a + "-1")).isEqualTo(proxies.get(1));
            assertThat(Fleet.proxyOf(b + "-1")).isEqualTo(proxies.get(0));
            assertThat(Fleet.proxyOf(b + "-2")).isEqualTo(proxies.get(0));
            assertThat(Fleet.sql("SELECT count(*) FROM assignment_history WHERE account_id = '" + a + "-1' AND action = 'reassigned' "
                    + "AND reason = 'manual' AND actor = '" + OPERATOR_NAME + "' AND previous_proxy_id = " + proxies.get(0)
                    + " AND proxy_id = " + proxies.get(1))).isOne();
            ConsumerRecord<String, byte[]> moved = topic.await(record -> (a + "-1").equals(record.key()), 1, Duration.ofSeconds(30)).get(0);
            CloudEvent<?> event = CloudEvent.fromKafka(moved.headers(), moved.value());
            assertThat(event.type()).isEqualTo(EventType.ASSIGNMENT_REASSIGNED);
            assertThat(((AssignmentData) event.data()).reason()).isEqualTo(AssignmentReason.MANUAL);
            assertThat(((AssignmentData) event.data()).proxyAccountCount()).isEqualTo(2);
        }
        assertThat(capacity().getLong("strandedSlots")).as("B no longer waits").isZero();
    }

    private static void limitExitIp(String address, int maxAccounts) {
        given().header("Authorization", "Bearer " + TestTokens.OPERATOR).contentType(ContentType.JSON)
                .body(Map.of("maxAccounts", maxAccounts)).put("/api/exit-ips/{address}", address).then().statusCode(200);
    }

    private static Map<String, Object> model(JsonPath capacity, String modelId) {
        return capacity.getMap("models.find { it.modelId == '" + modelId + "' }");
    }

    /**
     * A pair of proxies of three leaving through one address, one account of A on the first: the second proxy is
     * empty, but A's through its address, and the address's limit caps what the pair can still take.
     */
    @Test
    void anEmptyProxyOfAnAddressAModelUsesIsFreeOnlyForThatModelAndWithinTheAddressLimit() {
        String a = "exit-cap-a-" + Fleet.nextId();
        String b = "exit-cap-b-" + Fleet.nextId();
        Fleet.emptyFleet();
        String address = Fleet.nextAddress();
        long[] pair = Fleet.createPairLeavingThroughOneAddress(address);
        assign(a + "-1", a, pair[0]);
        assign(b + "-1", b, null);

        JsonPath capacity = capacity();

        assertThat(capacity.getLong("emptyProxies")).as("the second proxy leaves through A's address").isZero();
        assertThat(capacity.getLong("emptySlots")).isZero();
        assertThat(capacity.getLong("freeSlots")).isEqualTo(5);
        assertThat(capacity.getLong("strandedSlots")).as("all of the pair's room, while B waits").isEqualTo(5);
        assertThat(model(capacity, a)).containsEntry("usable", 5).containsEntry("stranded", 0);
        assertThat(model(capacity, b)).containsEntry("waiting", 1).containsEntry("usable", 0).containsEntry("stranded", 5);

        limitExitIp(address, 4);
        capacity = capacity();

        assertThat(capacity.getLong("freeSlots")).as("the address takes three more, not five").isEqualTo(3);
        assertThat(capacity.getLong("strandedSlots")).isEqualTo(3);
        assertThat(model(capacity, a)).containsEntry("usable", 3);
        assertThat(model(capacity, b)).containsEntry("stranded", 3);
    }

    /**
     * A's proxy without an exit IP can be emptied onto its other proxies, but the fullest of them leaves through an
     * address at its limit: the account goes to the one that takes it, and the waiting B takes the freed proxy.
     */
    @Test
    void consolidationMovesNoAccountOntoAnAddressAtItsLimit() {
        String a = "exit-limit-a-" + Fleet.nextId();
        String b = "exit-limit-b-" + Fleet.nextId();
        Fleet.emptyFleet();
        long alone = Fleet.createProxy(3);
        String address = Fleet.nextAddress();
        long[] pair = Fleet.createPairLeavingThroughOneAddress(address);
        long other = Fleet.createProxy(3);
        assign(a + "-1", a, alone);
        assign(a + "-2", a, pair[0]);
        assign(a + "-3", a, pair[0]);
        assign(a + "-4", a, pair[1]);
        assign(a + "-5", a, other);
        assign(a + "-6", a, other);
        limitExitIp(address, 3);
        assign(b + "-1", b, null);
        assign(b + "-2", b, null);

        JsonPath proposal = consolidate(TestTokens.OPERATOR, true).then().statusCode(200).extract().jsonPath();

        assertThat(proposal.getList("freed.proxyId", Long.class)).containsExactly(alone);
        assertThat(proposal.getList("freed[0].moves.toProxyId", Long.class)).containsExactly(other);

        JsonPath applied = consolidate(TestTokens.OPERATOR, false).then().statusCode(200).extract().jsonPath();

        assertThat(applied.getInt("moves")).isOne();
        assertThat(applied.getInt("assigned")).as("both of B").isEqualTo(2);
        assertThat(Fleet.proxyOf(a + "-1")).isEqualTo(other);
        assertThat(Fleet.proxyOf(b + "-1")).isEqualTo(alone);
        assertThat(Fleet.proxyOf(b + "-2")).isEqualTo(alone);
    }

    /**
     * A's first proxy shares its address with A's second: emptied alone it would be no room for B, so the plan empties
     * A's proxy without an exit IP instead, onto the pair.
     */
    @Test
    void consolidationFreesAProxyOfAnAddressOnlyTogetherWithTheOtherProxiesOfItsAddress() {
        String a = "exit-free-a-" + Fleet.nextId();
        String b = "exit-free-b-" + Fleet.nextId();
        Fleet.emptyFleet();
        String address = Fleet.nextAddress();
        long[] pair = Fleet.createPairLeavingThroughOneAddress(address);
        long alone = Fleet.createProxy(3);
        assign(a + "-1", a, pair[0]);
        assign(a + "-2", a, pair[1]);
        assign(a + "-3", a, pair[1]);
        assign(a + "-4", a, alone);
        assign(a + "-5", a, alone);
        assign(b + "-1", b, null);

        JsonPath applied = consolidate(TestTokens.OPERATOR, false).then().statusCode(200).extract().jsonPath();

        assertThat(applied.getList("freed.proxyId", Long.class)).containsExactly(alone);
        assertThat(applied.getInt("assigned")).isOne();
        assertThat(Fleet.proxyOf(b + "-1")).isEqualTo(alone);
        assertThat(List.of(Fleet.proxyOf(a + "-4"), Fleet.proxyOf(a + "-5"))).containsExactlyInAnyOrder(pair[0], pair[1]);
    }

    /**
     * Applies a consolidation while another transaction has made {@code change}, which it commits once the
     * consolidation waits for one of its locks.
     */
    private static Response consolidateWhile(String change) throws Exception {
        CompletableFuture<Response> consolidating;
        try (Connection holder = Fleet.connect()) {
            holder.setAutoCommit(false);
            holder.createStatement().execute(change);

            consolidating = CompletableFuture.supplyAsync(() -> consolidate(TestTokens.OPERATOR, false));
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> Fleet.sql("SELECT count(*) FROM pg_stat_activity "
                    + "WHERE wait_event_type = 'Lock' AND query LIKE '%FOR UPDATE%'") > 0);
            holder.commit();
        }
        return consolidating.get();
    }

    /** The proxies of a plan must still be as planned once locked: a limit raised meanwhile stops it, nothing moved. */
    @Test
    void consolidationRefusesAFleetThatChangedAfterItWasPlanned() throws Exception {
        String a = "changed-a-" + Fleet.nextId();
        List<Long> proxies = aSpreadOverThreeProxiesAndBWaiting(a, "changed-b-" + Fleet.nextId());

        consolidateWhile("UPDATE proxy SET max_accounts = 4 WHERE id = " + proxies.get(1))
                .then().statusCode(409).body("detail", containsString("changed"));
        assertThat(Fleet.proxyOf(a + "-1")).isEqualTo(proxies.get(0));
    }

    /** So must the exit IPs the plan moves accounts to: their limit lowered meanwhile stops it, nothing moved. */
    @Test
    void consolidationRefusesAnExitIpLimitLoweredAfterItWasPlanned() throws Exception {
        String a = "changed-ip-a-" + Fleet.nextId();
        String b = "changed-ip-b-" + Fleet.nextId();
        Fleet.emptyFleet();
        long alone = Fleet.createProxy(3);
        String address = Fleet.nextAddress();
        long[] pair = Fleet.createPairLeavingThroughOneAddress(address);
        assign(a + "-1", a, alone);
        assign(a + "-2", a, pair[0]);
        assign(a + "-3", a, pair[0]);
        assign(a + "-4", a, pair[1]);
        limitExitIp(address, 4);
        assign(b + "-1", b, null);
        assertThat(consolidate(TestTokens.OPERATOR, true).then().statusCode(200).extract().jsonPath()
                .getList("freed[0].moves.toProxyId", Long.class)).as("the address's last place").containsExactly(pair[0]);

        consolidateWhile("UPDATE exit_ip SET max_accounts = 3 WHERE address = '" + address + "'")
                .then().statusCode(409).body("detail", containsString("changed"));
        assertThat(Fleet.proxyOf(a + "-1")).isEqualTo(alone);
    }
}
