package dev.proxyfleet.system;

import static org.assertj.core.api.Assertions.assertThat;

import dev.proxyfleet.localinfra.TestTokens;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What must hold after any fault, read from the services' databases directly and from status-service's model:
 * <ul>
 * <li>every account event the broker acknowledged is applied: the account exists in assignment-service, bound to a
 * proxy or waiting, never both, never neither;</li>
 * <li>the rules: no proxy holds more accounts than its {@code maxAccounts} or accounts of two models, its counter is
 * its bound accounts, no account sits on a disabled, deleted or failed proxy, none waits while a proxy could take it;</li>
 * <li>no event applied twice: no account moved back to its first model by its {@code account.created} arriving again
 * after its {@code account.updated} (every tenth account), and no account's history records the same change twice in
 * a row;</li>
 * <li>every REST write answered 2xx is in inventory (its version or a later one), and every outbox is published;</li>
 * <li>status-service's database and its model served by {@code /api/status} equal inventory's proxies and
 * assignment-service's accounts.</li>
 * </ul>
 * The fleet converges after a fault; {@link #awaitAndAssert} waits for that, then prints the figures and asserts them.
 */
final class FleetInvariants {

    private static final Duration SETTLE_TIMEOUT = Duration.ofMinutes(4);
    private static final String INVENTORY = "inventory-service";
    private static final String ASSIGNMENT = "assignment-service";
    private static final String STATUS = "status-service";
    /** Each counts, in assignment-service's database, what breaks a rule. */
    private static final List<String> RULES = List.of(
            // 1: at most maxAccounts per proxy, and its counter is its bound accounts
            "SELECT count(*) FROM (SELECT p.id FROM proxy p JOIN account a ON a.proxy_id = p.id "
                    + "GROUP BY p.id, p.max_accounts HAVING count(*) > p.max_accounts) over_capacity",
            "SELECT count(*) FROM proxy p WHERE account_count <> (SELECT count(*) FROM account a WHERE a.proxy_id = p.id)",
            // 2: one model per proxy
            "SELECT count(*) FROM (SELECT proxy_id FROM account WHERE proxy_id IS NOT NULL "
                    + "GROUP BY proxy_id HAVING count(DISTINCT model_id) > 1) two_models",
            // 3: no account on a disabled, deleted or failed proxy
            "SELECT count(*) FROM account a JOIN proxy p ON p.id = a.proxy_id WHERE NOT p.enabled OR p.deleted OR p.health = 'failed'",
            // 4: each active account bound or waiting, exactly one of the two
            "SELECT count(*) FROM account WHERE active AND (proxy_id IS NULL) = (pending_since IS NULL)",
            // 6: none waits while a proxy could take it
            "SELECT count(*) FROM account a WHERE pending_since IS NOT NULL AND EXISTS (SELECT 1 FROM proxy p "
                    + "WHERE p.enabled AND NOT p.deleted AND p.health <> 'failed' AND p.account_count < p.max_accounts "
                    + "AND (p.account_count = 0 OR p.model_id = a.model_id))");

    /** The figures of one check; all but {@code sent}, {@code applied}, {@code duplicatesSent} and {@code writes} must be 0. */
    record Figures(long sent, long applied, long lost, long violations, long duplicatesSent, long duplicatesApplied,
            long writes, long writesLost, long unpublished, long statusDifferences) {

        boolean converged() {
            return lost == 0 && violations == 0 && duplicatesApplied == 0 && writesLost == 0 && unpublished == 0
                    && statusDifferences == 0;
        }

        String line(String scenario) {
            return String.format("[%s] events sent %d, applied %d, lost %d, rule violations %d, duplicates applied %d"
                    + " (of %d published twice), REST writes acknowledged %d, lost %d, unpublished %d, status model %s",
                    scenario, sent, applied, lost, violations, duplicatesApplied, duplicatesSent, writes, writesLost,
                    unpublished, statusDifferences == 0 ? "== inventory" : "differs in " + statusDifferences + " rows");
        }
    }

    private FleetInvariants() {
    }

    /** Waits until the fleet converged after the load stopped, prints the figures, and asserts each of them. */
    static Figures awaitAndAssert(String scenario, ChaosFleet fleet, ChaosLoad load) throws Exception {
        Instant deadline = Instant.now().plus(SETTLE_TIMEOUT);
        Instant begin = Instant.now();
        Figures figures = measure(fleet, load);
        while (!figures.converged() && Instant.now().isBefore(deadline)) {
            Thread.sleep(2000);
            figures = measure(fleet, load);
        }
        System.out.println(figures.line(scenario) + " (converged " + Duration.between(begin, Instant.now()).toSeconds()
                + " s after the load stopped)");
        assertThat(load.sendFailures.get()).as("account events the broker did not take").isZero();
        assertThat(figures.sent()).as("account events sent").isPositive();
        assertThat(figures.lost()).as(figures.line(scenario)).isZero();
        assertThat(figures.violations()).as(figures.line(scenario)).isZero();
        assertThat(figures.duplicatesApplied()).as(figures.line(scenario)).isZero();
        assertThat(figures.writesLost()).as(figures.line(scenario)).isZero();
        assertThat(figures.unpublished()).as(figures.line(scenario)).isZero();
        assertThat(figures.statusDifferences()).as(figures.line(scenario)).isZero();
        return figures;
    }

    static Figures measure(ChaosFleet fleet, ChaosLoad load) throws SQLException {
        long sent = load.eventsSent.get();
        Map<String, String> expected = Map.copyOf(load.models);
        long applied = 0;
        long reverted = 0;
        for (List<Object> row : fleet.query(ASSIGNMENT, "SELECT account_id, model_id FROM account WHERE account_id = ANY (?)",
                List.copyOf(expected.keySet()))) {
            String account = (String) row.get(0);
            String model = (String) row.get(1);
            boolean updated = !model.equals(load.republished.getOrDefault(account, model));
            // its account.created, and its account.updated where it had one
            applied += 1 + (updated && model.equals(expected.get(account)) ? 1 : 0);
            reverted += load.republished.containsKey(account) && !updated ? 1 : 0;
        }
        long unpublished = 0;
        for (String module : List.of(INVENTORY, ASSIGNMENT, "health-service")) {
            unpublished += fleet.count(module, "SELECT count(*) FROM outbox WHERE published_at IS NULL");
        }
        return new Figures(sent, applied, sent - applied, violations(fleet),
                load.republished.size(), reverted + duplicatesApplied(fleet), load.acknowledgedVersions.size(),
                writesLost(fleet, load.acknowledgedVersions), unpublished, statusDifferences(fleet));
    }

    private static long violations(ChaosFleet fleet) throws SQLException {
        long violations = 0;
        for (String rule : RULES) {
            violations += fleet.count(ASSIGNMENT, rule);
        }
        return violations;
    }

    /** The same change of an account recorded twice in a row: an event applied a second time. */
    private static long duplicatesApplied(ChaosFleet fleet) throws SQLException {
        return fleet.count(ASSIGNMENT, "SELECT count(*) FROM (SELECT action, proxy_id, previous_proxy_id, reason, "
                + "lag(action) OVER w AS last_action, lag(proxy_id) OVER w AS last_proxy, "
                + "lag(previous_proxy_id) OVER w AS last_previous, lag(reason) OVER w AS last_reason "
                + "FROM assignment_history WINDOW w AS (PARTITION BY account_id ORDER BY id)) h "
                + "WHERE action = last_action AND reason = last_reason AND proxy_id IS NOT DISTINCT FROM last_proxy "
                + "AND previous_proxy_id IS NOT DISTINCT FROM last_previous");
    }

    private static long writesLost(ChaosFleet fleet, Map<Long, Long> acknowledged) throws SQLException {
        Map<Long, Long> stored = new HashMap<>();
        for (List<Object> row : fleet.query(INVENTORY, "SELECT id, version FROM proxy")) {
            stored.put(((Number) row.get(0)).longValue(), ((Number) row.get(1)).longValue());
        }
        return acknowledged.entrySet().stream()
                .filter(write -> stored.getOrDefault(write.getKey(), 0L) < write.getValue()).count();
    }

    /**
     * Rows that differ between status-service and the services that own the data: its proxies against inventory's,
     * its accounts against assignment-service's (in its database), and, in the model {@code /api/status} serves, each
     * proxy and the accounts it holds.
     */
    private static long statusDifferences(ChaosFleet fleet) throws SQLException {
        String proxyColumns = "id, host, port, protocol, enabled, max_accounts, priority, version";
        long differences = difference(fleet.query(INVENTORY, "SELECT " + proxyColumns + " FROM proxy"),
                fleet.query(STATUS, "SELECT " + proxyColumns + " FROM proxy WHERE NOT deleted"));
        differences += difference(
                fleet.query(ASSIGNMENT, "SELECT account_id, model_id, proxy_id, pending_since IS NOT NULL FROM account"),
                fleet.query(STATUS, "SELECT account_id, model_id, proxy_id, pending FROM account"));
        Map<Long, Long> bound = new HashMap<>();
        for (List<Object> row : fleet.query(ASSIGNMENT,
                "SELECT proxy_id, count(*) FROM account WHERE proxy_id IS NOT NULL GROUP BY proxy_id")) {
            bound.put(((Number) row.get(0)).longValue(), ((Number) row.get(1)).longValue());
        }
        List<List<Object>> expected = new ArrayList<>();
        for (List<Object> row : fleet.query(INVENTORY, "SELECT id, enabled, max_accounts FROM proxy")) {
            long id = ((Number) row.get(0)).longValue();
            expected.add(List.of(id, row.get(1), ((Number) row.get(2)).longValue(), bound.getOrDefault(id, 0L)));
        }
        for (String replica : fleet.urls(STATUS)) {
            JsonPath model = RestAssured.given().baseUri(replica).auth().oauth2(TestTokens.VIEWER)
                    .get("/api/status").then().statusCode(200).extract().jsonPath();
            List<List<Object>> served = new ArrayList<>();
            for (Map<String, Object> proxy : model.<Map<String, Object>>getList("proxies")) {
                served.add(List.of(((Number) proxy.get("id")).longValue(), proxy.get("enabled"),
                        ((Number) proxy.get("maxAccounts")).longValue(), ((Number) proxy.get("accounts")).longValue()));
            }
            differences += difference(expected, served);
        }
        return differences;
    }

    /** Rows of the owner missing from the copy, and rows of the copy the owner does not have. */
    private static long difference(List<List<Object>> owner, List<List<Object>> copy) {
        Set<List<Object>> owned = new HashSet<>(owner);
        Set<List<Object>> copied = new HashSet<>(copy);
        return owned.stream().filter(row -> !copied.contains(row)).count()
                + copied.stream().filter(row -> !owned.contains(row)).count();
    }
}
