package dev.proxyfleet.assignment;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

import dev.proxyfleet.contracts.AccountData;
import dev.proxyfleet.contracts.CloudEvent;
import dev.proxyfleet.contracts.EventType;
import dev.proxyfleet.contracts.Topic;
import dev.proxyfleet.localinfra.FleetTestResource;
import dev.proxyfleet.localinfra.TestEvents;
import dev.proxyfleet.localinfra.TestLog;
import dev.proxyfleet.localinfra.TopicReader;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** What operators watch: readiness that covers the database and the consumers, metrics of assignments, pending accounts and lag, traces. */
@QuarkusTest
@WithTestResource(FleetTestResource.class)
class ObservabilityTest {

    private static final Pattern ASSIGNED = Pattern.compile(
            "^fleet_assignments_total\\{action=\"assigned\",reason=\"automatic\"} (\\S+)$", Pattern.MULTILINE);

    private static String metrics() {
        return given().get("/q/metrics").then().statusCode(200).extract().asString();
    }

    private static double assignedSoFar() {
        Matcher matcher = ASSIGNED.matcher(metrics());
        return matcher.find() ? Double.parseDouble(matcher.group(1)) : 0;
    }

    @Test
    void readinessCoversTheDatabaseAndTheConsumersButNotKafka() {
        given().get("/q/health/ready").then().statusCode(200)
                .body("checks.name", hasItems("Database connections health check", "event consumers"))
                .body("checks.name", not(hasItem("Kafka connection health check")));
    }

    @Test
    void countsAssignmentsOnceCommittedByActionAndReason() {
        Fleet.emptyFleet();
        Fleet.createProxy(3);
        double before = assignedSoFar();

        for (int i = 0; i < 3; i++) {
            Fleet.account(EventType.ACCOUNT_CREATED, "metrics-" + Fleet.nextId(), "metrics-model");
        }

        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> assignedSoFar() == before + 3);
    }

    @Test
    void assignmentChangesAndRefusalsAreLoggedUnderTheirCodes() {
        Fleet.emptyFleet();
        long failing = Fleet.createProxy(1);
        String model = "logged-" + Fleet.nextId();
        String first = "logged-" + Fleet.nextId();
        String second = "logged-" + Fleet.nextId();
        Fleet.arrive(first, model);
        Fleet.arrive(second, model);
        long spare = Fleet.createProxy(2);
        Fleet.awaitSql("SELECT count(*) FROM account WHERE account_id = '" + second + "' AND proxy_id = " + spare, 1);
        Fleet.failProxy(failing);
        Fleet.awaitSql("SELECT count(*) FROM account WHERE account_id = '" + first + "' AND proxy_id = " + spare, 1);
        given().contentType("application/json").body(Map.of("accountId", "logged-" + Fleet.nextId(), "modelId", model,
                "proxyId", spare)).post("/api/assignments").then().statusCode(409);
        given().delete("/api/assignments/{id}", second).then().statusCode(anyOf(is(200), is(204)));

        assertThat(logged("PF-ASSIGN-001", first)).isEqualTo("PF-ASSIGN-001 account assigned: account " + first
                + " of model " + model + ", proxy " + failing + " (1 accounts now), reason automatic");
        assertThat(logged("PF-ASSIGN-002", second)).endsWith("no proxy, reason no_capacity");
        assertThat(logged("PF-ASSIGN-001", second)).contains("proxy " + spare + " (1 accounts now)");
        assertThat(logged("PF-ASSIGN-004", first)).isEqualTo("PF-ASSIGN-004 account moved off a failed proxy: account "
                + first + " of model " + model + ", proxy " + spare + " (2 accounts now), from proxy " + failing
                + ", reason proxy_failed");
        assertThat(logged("PF-ASSIGN-003", second)).endsWith("reason manual");
        assertThat(logged("PF-ASSIGN-006", "proxy " + spare + " holds 2 of 2")).startsWith("PF-ASSIGN-006 assignment refused: rule 1");
    }

    /** The one line of the code that mentions {@code marker}; changes are logged just after their commit. */
    private static String logged(String code, String marker) {
        AtomicReference<List<String>> lines = new AtomicReference<>(List.of());
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> {
            lines.set(TestLog.withCode(code).stream().map(line -> line.path("message").asText())
                    .filter(message -> Pattern.compile("\\b" + Pattern.quote(marker) + "\\b").matcher(message).find())
                    .toList());
            return !lines.get().isEmpty();
        });
        assertThat(lines.get()).hasSize(1);
        return lines.get().get(0);
    }

    @Test
    void traceContextTravelsFromAnAccountEventToItsAssignmentEvent() {
        Fleet.emptyFleet();
        Fleet.createProxy(3);
        String account = "traced-" + Fleet.nextId();
        String traceId = String.format("%032x", Fleet.nextId() + 0xabcdefL);
        ProducerRecord<String, byte[]> record = CloudEvent.create(EventType.ACCOUNT_CREATED, "/test",
                new AccountData(account, "traced-model", null, null)).toProducerRecord();
        record.headers().add("traceparent", ("00-" + traceId + "-00f067aa0ba902b7-01").getBytes(StandardCharsets.UTF_8));

        try (TopicReader assignments = new TopicReader(Topic.ASSIGNMENT_EVENTS.topicName())) {
            TestEvents.send(record);
            Header traceParent = assignments.awaitKey(account, 1).get(0).headers().lastHeader("traceparent");

            assertThat(traceParent).as("the assignment event carries the trace on").isNotNull();
            assertThat(new String(traceParent.value(), StandardCharsets.UTF_8)).startsWith("00-" + traceId + "-")
                    .doesNotContain("00f067aa0ba902b7");
        }
    }

    @Test
    void exportsPendingAccountsOutboxBacklogAndConsumerLagPerTopic() {
        String metrics = metrics();

        assertThat(metrics).contains("fleet_assignment_pending ", "fleet_outbox_backlog ", "fleet_outbox_oldest_age_seconds ");
        for (String topic : new String[] {"account-events", "proxy-inventory", "proxy-health"}) {
            assertThat(metrics).contains("fleet_consumer_lag{topic=\"" + topic + "\"}");
        }
    }
}
