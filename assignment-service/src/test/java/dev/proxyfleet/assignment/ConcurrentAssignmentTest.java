package dev.proxyfleet.assignment;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.proxyfleet.contracts.AccountData;
import dev.proxyfleet.contracts.CloudEvent;
import dev.proxyfleet.contracts.EventType;
import dev.proxyfleet.localinfra.FleetTestResource;
import dev.proxyfleet.localinfra.TestEvents;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;

/**
 * The rules under real concurrency: thousands of account events for dozens of models, spread over every partition
 * and applied by two consumers at once, while REST clients assign accounts by hand in parallel threads.
 */
@QuarkusTest
@WithTestResource(FleetTestResource.class)
class ConcurrentAssignmentTest {

    private static final int PROXIES = 300;
    private static final int ACCOUNTS = 2000;
    private static final int MODELS = 24;
    private static final int MANUAL = 200;

    @Test
    void rulesHoldWithConcurrentConsumersAndManualAssignments() throws Exception {
        Fleet.emptyFleet();
        List<Long> proxies = new ArrayList<>();
        for (int i = 0; i < PROXIES; i++) {
            long id = Fleet.nextId();
            proxies.add(id);
            TestEvents.producer().send(CloudEvent.create(EventType.PROXY_CREATED, "/test", Fleet.proxy(id, true, 1 + i % 3, 1)).toProducerRecord());
        }
        TestEvents.producer().flush();
        Fleet.awaitSql("SELECT count(*) FROM proxy WHERE enabled", PROXIES);
        String run = "conc" + Fleet.nextId() + "-";

        ExecutorService manual = Executors.newFixedThreadPool(4);
        Map<Integer, Integer> statuses = new ConcurrentHashMap<>();
        List<Future<?>> calls = new ArrayList<>();
        for (int i = 0; i < MANUAL; i++) {
            int n = i;
            calls.add(manual.submit(() -> {
                Long target = n % 2 == 0 ? proxies.get(ThreadLocalRandom.current().nextInt(PROXIES)) : null;
                Map<String, Object> body = new java.util.HashMap<>(Map.of("accountId", run + "manual-" + n, "modelId", "model-" + n % MODELS));
                if (target != null) {
                    body.put("proxyId", target);
                }
                int status = given().contentType(ContentType.JSON).body(body).post("/api/assignments").statusCode();
                statuses.merge(status, 1, Integer::sum);
            }));
        }
        for (int i = 0; i < ACCOUNTS; i++) {
            AccountData data = new AccountData(run + i, "model-" + i % MODELS, null, null);
            TestEvents.producer().send(CloudEvent.create(EventType.ACCOUNT_CREATED, "/test", data).toProducerRecord());
        }
        TestEvents.producer().flush();
        for (Future<?> call : calls) {
            call.get();
        }
        manual.shutdown();

        String ours = "account_id LIKE '" + run + "%'";
        try {
            Awaitility.await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500))
                    .untilAsserted(() -> assertThat(Fleet.sql("SELECT count(*) FROM account WHERE " + ours
                                    + " AND (proxy_id IS NOT NULL OR pending_since IS NOT NULL)"))
                            .as(() -> "accounts bound or pending; " + Fleet.describe(ours))
                            .isGreaterThanOrEqualTo(ACCOUNTS + statuses.getOrDefault(200, 0)));
        } catch (ConditionTimeoutException stalled) {
            // Once in a while a partition is not consumed for minutes, with no session waiting in the database:
            // where the service's threads stand then is what can tell why.
            Thread.getAllStackTraces().forEach((thread, stack) -> {
                if (thread.getName().matches("(?i).*(kafka|vert\\.x|smallrye|executor).*")) {
                    System.out.println("STALL " + thread.getName() + " " + thread.getState() + "\n    at "
                            + String.join("\n    at ", Arrays.stream(stack).map(String::valueOf).toList()));
                }
            });
            throw stalled;
        }

        assertThat(statuses.keySet()).as("manual calls answer 200 or 409 with the broken rule").isSubsetOf(200, 409);
        assertThat(Fleet.violations()).as("no proxy over capacity or with two models; every active account bound or pending").isZero();
        assertThat(Fleet.sql("SELECT count(*) FROM account a WHERE pending_since IS NOT NULL AND EXISTS (SELECT 1 FROM proxy p "
                + "WHERE p.enabled AND NOT p.deleted AND p.health <> 'failed' AND p.account_count < p.max_accounts "
                + "AND (p.model_id IS NULL OR p.model_id = a.model_id))"))
                .as("no account waits while a proxy has room for it").isZero();
        assertThat(Fleet.sql("SELECT count(*) FROM account WHERE " + ours + " AND proxy_id IS NOT NULL"))
                .as("the fleet's whole capacity is used").isEqualTo(Fleet.sql("SELECT sum(max_accounts) FROM proxy WHERE enabled"));
        assertThat(Fleet.sql("SELECT count(*) FROM (SELECT account_id FROM assignment_history WHERE " + ours
                + " AND action = 'assigned' GROUP BY account_id HAVING count(*) > 1) twice")).isZero();
    }
}
