package dev.proxyfleet.assignment;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.hasItems;

import dev.proxyfleet.contracts.EventType;
import dev.proxyfleet.localinfra.FleetTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** What operators watch: readiness that covers the outbox, and metrics of assignments, pending accounts and lag. */
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
    void readinessCoversDatabaseKafkaAndTheOutboxRelay() {
        given().get("/q/health/ready").then().statusCode(200)
                .body("checks.name", hasItems("Database connections health check", "Kafka connection health check", "outbox relay"));
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
    void exportsPendingAccountsOutboxBacklogAndConsumerLagPerTopic() {
        String metrics = metrics();

        assertThat(metrics).contains("fleet_assignment_pending ", "fleet_outbox_backlog ", "fleet_outbox_oldest_age_seconds ");
        for (String topic : new String[] {"account-events", "proxy-inventory", "proxy-health"}) {
            assertThat(metrics).contains("fleet_consumer_lag{topic=\"" + topic + "\"}");
        }
    }
}
