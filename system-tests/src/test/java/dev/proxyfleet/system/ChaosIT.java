package dev.proxyfleet.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.proxyfleet.contracts.Protocol;
import dev.proxyfleet.contracts.Topic;
import dev.proxyfleet.localinfra.ServiceProcess;
import dev.proxyfleet.system.HostileProxies.Kind;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The chaos suite: one fleet of packaged services as separate processes (Kafka and PostgreSQL too), {@code
 * chaos.proxies} real loopback proxies (a quarter SOCKS5), and one fault per scenario under {@link ChaosLoad}; each
 * ends with {@link FleetInvariants}' figures and assertions. The scenarios share the fleet, in this order, so that each
 * also finds what the ones before left. {@code chaos.scenarios} chooses them ({@code all}, or names from
 * {@link #SCENARIOS}): {@code ./mvnw verify} runs {@code kill,hostile} with 100 proxies, {@code ./chaos.sh} all of them
 * with 1,000.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ChaosIT {

    static final List<String> SCENARIOS = List.of("kill", "broker", "database", "replicas", "partitions", "hostile");
    private static final Set<String> SELECTED = selected(System.getProperty("chaos.scenarios", "kill,hostile"));
    private static final int PROXIES = Integer.getInteger("chaos.proxies", 100);
    private static final Duration OUTAGE = Duration.ofSeconds(60);
    /** Proxies the partition scenario disables after the increase, and as many it leaves enabled to compare with. */
    private static final int DISABLED = 10;
    private static final int PARTITIONS_AFTER = 2 * ChaosFleet.PARTITIONS;
    private static final String HEALTH = "health-service";
    private static final Set<String> HEALTHY = Set.of("healthy", "degraded");

    private static ChaosFleet fleet;
    private static final List<Long> proxies = new ArrayList<>();

    @BeforeAll
    static void startFleetWithHealthyProxies() throws Exception {
        assumeTrue(!SELECTED.isEmpty(), "no chaos scenario chosen");
        fleet = ChaosFleet.start();
        for (int i = 0; i < PROXIES; i++) {
            boolean socks = i % 4 == 3;
            proxies.add(ChaosLoad.createProxy(fleet.url("inventory-service"),
                    socks ? fleet.loopback.openSocks5(null) : fleet.loopback.open(), socks ? Protocol.SOCKS5 : Protocol.HTTP,
                    "chaos-normal"));
        }
        Instant begin = Instant.now();
        awaitHealthy(proxies);
        System.out.printf("%d loopback proxies healthy after %d s%n", PROXIES, Duration.between(begin, Instant.now()).toSeconds());
    }

    @AfterAll
    static void stopFleet() {
        TestParts.closeAll(fleet);
    }

    @Test
    @Order(1)
    void eachServiceKilledInTurnMidLoadAndRestarted() throws Exception {
        String scenario = scenario("kill");
        ChaosLoad load = new ChaosLoad(fleet, scenario, proxies);
        try {
            for (String module : ChaosFleet.SERVICES) {
                awaitFlowing(scenario);
                Instant killed = fleet.killAndRestart(module);
                System.out.printf("[%s] %s killed (SIGKILL) mid-load, ready again after %d s%n", scenario, module,
                        Duration.between(killed, Instant.now()).toSeconds());
            }
            awaitFlowing(scenario);
        } finally {
            load.close();
        }
        FleetInvariants.awaitAndAssert(scenario, fleet, load);
    }

    /**
     * Issue 15 item 3's proof too: while the broker is away, REST writes, reads, the status page, best-proxy selection
     * and every service's readiness go on answering; after it, everything is published.
     */
    @Test
    @Order(2)
    void brokerStoppedForAMinuteMidLoad() throws Exception {
        String scenario = scenario("broker");
        ChaosLoad load = new ChaosLoad(fleet, scenario, proxies);
        Map<String, long[]> reads;
        long writesBefore;
        long writesDuring;
        long refusedDuring;
        try {
            awaitFlowing(scenario);
            fleet.stopKafka();
            load.takeReads();
            writesBefore = load.writesAcknowledged.get();
            long refusedBefore = load.writesRefused.get();
            Thread.sleep(OUTAGE.toMillis()); // the outage itself, under load
            reads = load.takeReads();
            writesDuring = load.writesAcknowledged.get() - writesBefore;
            refusedDuring = load.writesRefused.get() - refusedBefore;
            fleet.startKafka();
            awaitFlowing(scenario);
        } finally {
            load.close();
        }
        System.out.printf("[%s] during the %d s without a broker: REST writes acknowledged %d, refused %d; %s%n", scenario,
                OUTAGE.toSeconds(), writesDuring, refusedDuring, describe(reads));
        assertThat(writesDuring).as("REST writes acknowledged while the broker was away").isPositive();
        assertThat(refusedDuring).as("REST writes refused while the broker was away").isZero();
        assertThat(reads).as("reads during the outage").containsKeys("status GET /api/status", "status GET /api/proxies/best",
                "inventory GET /api/proxies/{id}", "inventory-service ready", "assignment-service ready",
                "health-service ready", "status-service ready");
        reads.forEach((what, answers) -> assertThat(answers[1]).as(what + " not answered 200 while the broker was away").isZero());
        FleetInvariants.awaitAndAssert(scenario, fleet, load);
    }

    /** Longer than the consumers' session timeout (10 s): they must neither skip records nor lose their place. */
    @Test
    @Order(3)
    void databaseStoppedForAMinuteMidLoad() throws Exception {
        String scenario = scenario("database");
        ChaosLoad load = new ChaosLoad(fleet, scenario, proxies);
        try {
            awaitFlowing(scenario);
            fleet.stopPostgres();
            load.takeReads();
            Thread.sleep(OUTAGE.toMillis()); // the outage itself, under load
            System.out.printf("[%s] during the %d s without PostgreSQL: %s%n", scenario, OUTAGE.toSeconds(),
                    describe(load.takeReads()));
            fleet.startPostgres();
            awaitFlowing(scenario);
        } finally {
            load.close();
        }
        FleetInvariants.awaitAndAssert(scenario, fleet, load);
    }

    @Test
    @Order(4)
    void twoInstancesOfEveryConsumingServiceRaceOnTheSameTopics() throws Exception {
        String scenario = scenario("replicas");
        List<ServiceProcess> second = new ArrayList<>();
        ChaosLoad load = new ChaosLoad(fleet, scenario, proxies);
        try {
            try {
                for (String module : List.of("assignment-service", HEALTH, "status-service")) {
                    second.add(fleet.addInstance(module));
                }
                System.out.printf("[%s] second instances of assignment, health and status running%n", scenario);
                for (int round = 0; round < 5; round++) {
                    awaitFlowing(scenario);
                }
            } finally {
                load.close();
            }
            FleetInvariants.awaitAndAssert(scenario, fleet, load);
        } finally {
            second.forEach(fleet::removeInstance);
        }
    }

    /**
     * Issue 15 item 9: compaction is per partition, so after the increase a proxy's older records stay in their old
     * partition while its newer ones go to another. Proxies disabled after the increase must not be probed again, not
     * even by a health-service that restarts and reads both partitions; the proxies changed beside them are.
     */
    @Test
    @Order(5)
    void partitionsOfTheInventoryTopicIncreasedWhileHealthServiceRuns() throws Exception {
        String scenario = scenario("partitions");
        List<Long> disabled = new ArrayList<>();
        List<Long> controls = new ArrayList<>();
        for (int i = 0; i < 2 * DISABLED; i++) {
            (i % 2 == 0 ? disabled : controls).add(ChaosLoad.createProxy(fleet.url("inventory-service"),
                    fleet.loopback.open(), Protocol.HTTP, "chaos-partitions"));
        }
        awaitHealthy(disabled);
        awaitHealthy(controls);
        ChaosLoad load = new ChaosLoad(fleet, scenario, proxies);
        try {
            fleet.increasePartitions(Topic.PROXY_INVENTORY, PARTITIONS_AFTER);
            Instant increased = Instant.now();
            // Clients learn of new partitions when they next refresh their metadata (metadata.max.age.ms, 5 min).
            fleet.awaitPartitionsInUse(Topic.PROXY_INVENTORY, PARTITIONS_AFTER, Duration.ofMinutes(7));
            System.out.printf("[%s] %s increased from %d to %d partitions; written to and consumed by every group after %d s%n",
                    scenario, Topic.PROXY_INVENTORY.topicName(), ChaosFleet.PARTITIONS, PARTITIONS_AFTER,
                    Duration.between(increased, Instant.now()).toSeconds());
            Map<Long, Long> versions = new LinkedHashMap<>();
            disabled.forEach(id -> versions.put(id, load.write(id, "{\"enabled\":false}")));
            controls.forEach(id -> versions.put(id, load.write(id, "{\"priority\":7}")));
            awaitHealthServiceHas(versions);
            Instant restarted = fleet.killAndRestart("health-service");
            System.out.printf("[%s] health-service killed and ready again after %d s%n", scenario,
                    Duration.between(restarted, Instant.now()).toSeconds());
            Awaitility.await("every control proxy probed again after the restart").atMost(Duration.ofMinutes(2))
                    .pollInterval(Duration.ofSeconds(1)).until(() -> probedSince(controls, restarted) == controls.size());
            assertThat(probedSince(disabled, restarted)).as("disabled proxies probed after the restart").isZero();
            System.out.printf("[%s] after the restart: %d of %d changed proxies probed again, %d of %d disabled ones%n",
                    scenario, controls.size(), controls.size(), 0, disabled.size());
        } finally {
            load.close();
        }
        FleetInvariants.awaitAndAssert(scenario, fleet, load);
    }

    @Test
    @Order(6)
    void hostileProxiesAmongNormalOnes() throws Exception {
        String scenario = scenario("hostile");
        int perKind = Math.max(2, PROXIES / 200);
        Map<Long, Kind> hostile = new LinkedHashMap<>();
        ChaosLoad load;
        try (HostileProxies hostiles = new HostileProxies()) {
            for (Kind kind : Kind.values()) {
                for (int i = 0; i < perKind; i++) {
                    Protocol protocol = i % 2 == 0 ? Protocol.HTTP : Protocol.SOCKS5;
                    hostile.put(ChaosLoad.createProxy(fleet.url("inventory-service"), hostiles.open(kind), protocol,
                            "chaos-hostile"), kind);
                }
            }
            Instant begin = Instant.now();
            load = new ChaosLoad(fleet, scenario, proxies);
            try {
                Awaitility.await("every hostile proxy failed").atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1))
                        .until(() -> states(hostile.keySet()).values().stream().filter("failed"::equals).count() == hostile.size());
                Duration detected = Duration.between(begin, Instant.now());
                awaitHealthy(proxies);
                Map<String, long[]> reads = load.takeReads();
                System.out.printf("[%s] %d hostile proxies (%s) among %d normal ones: all failed after %d s, the normal ones "
                        + "healthy; %s%n", scenario, hostile.size(), Arrays.toString(Kind.values()), PROXIES,
                        detected.toSeconds(), describe(reads));
                errors(hostile).forEach((kind, error) -> System.out.printf("[%s]   %s: %s%n", scenario, kind, error));
                assertThat(reads.get("health-service ready")[1]).as("health-service readiness not answered 200").isZero();
            } finally {
                load.close();
            }
        }
        FleetInvariants.awaitAndAssert(scenario, fleet, load);
    }

    private static String scenario(String name) {
        assumeTrue(SELECTED.contains(name), () -> "chaos scenario " + name + " not chosen (chaos.scenarios)");
        return name;
    }

    private static Set<String> selected(String setting) {
        if (setting.isBlank()) {
            return Set.of();
        }
        Set<String> names = setting.equals("all") ? Set.copyOf(SCENARIOS) : Set.of(setting.split(","));
        assertThat(SCENARIOS).as("chaos.scenarios").containsAll(names);
        return names;
    }

    /** Waits until 100 more of the scenario's accounts are applied: the load is flowing through the fleet. */
    private static void awaitFlowing(String scenario) throws SQLException {
        long before = accountsApplied(scenario);
        Awaitility.await("100 more accounts applied").atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(200))
                .until(() -> accountsApplied(scenario) >= before + 100);
    }

    private static long accountsApplied(String scenario) throws SQLException {
        return fleet.count("assignment-service", "SELECT count(*) FROM account WHERE account_id LIKE ?", scenario + "-%");
    }

    /** Waits until every proxy is healthy or degraded; a timeout names those that are not and their state. */
    private static void awaitHealthy(List<Long> ids) {
        Awaitility.await(ids.size() + " proxies healthy").atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> assertThat(notHealthy(ids)).as("proxies not healthy (no state: not probed, "
                        + "as a disabled proxy is not)").isEmpty());
    }

    private static Map<Long, String> notHealthy(List<Long> ids) throws SQLException {
        Map<Long, String> states = states(ids);
        Map<Long, String> notHealthy = new LinkedHashMap<>();
        ids.stream().filter(id -> !HEALTHY.contains(String.valueOf(states.get(id))))
                .forEach(id -> notHealthy.put(id, String.valueOf(states.get(id))));
        return notHealthy;
    }

    /** Each proxy's state in health-service's database. */
    private static Map<Long, String> states(Collection<Long> ids) throws SQLException {
        return fleet.query(HEALTH, "SELECT proxy_id, state FROM proxy_health WHERE proxy_id = ANY (?)", ids).stream()
                .collect(Collectors.toMap(row -> ((Number) row.get(0)).longValue(), row -> (String) row.get(1)));
    }

    /** Each kind's distinct last probe errors, as health-service recorded and shows them. */
    private static Map<Kind, String> errors(Map<Long, Kind> hostile) throws SQLException {
        Map<Kind, String> errors = new LinkedHashMap<>();
        for (List<Object> row : fleet.query(HEALTH, "SELECT proxy_id, last_error FROM proxy_health WHERE proxy_id = ANY (?)",
                hostile.keySet())) {
            errors.merge(hostile.get(((Number) row.get(0)).longValue()), String.valueOf(row.get(1)),
                    (a, b) -> a.contains(b) ? a : a + " | " + b);
        }
        return errors;
    }

    private static long probedSince(List<Long> ids, Instant since) throws SQLException {
        return fleet.count(HEALTH, "SELECT count(DISTINCT proxy_id) FROM health_log WHERE source = 'probe' AND at > ? "
                + "AND proxy_id = ANY (?)", Timestamp.from(since), ids);
    }

    /** Waits until health-service's view of each proxy's inventory is at least at the given version. */
    private static void awaitHealthServiceHas(Map<Long, Long> versions) {
        Awaitility.await("health-service has applied the changes").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1))
                .until(() -> fleet.query(HEALTH, "SELECT proxy_id, version FROM proxy_inventory_head WHERE proxy_id = ANY (?)",
                        versions.keySet()).stream().filter(row -> ((Number) row.get(1)).longValue() >= versions.get(((Number) row.get(0)).longValue()))
                        .count() == versions.size());
    }

    private static String describe(Map<String, long[]> reads) {
        return reads.entrySet().stream().map(read -> read.getKey() + " " + read.getValue()[0] + " ok/" + read.getValue()[1] + " not")
                .collect(Collectors.joining(", "));
    }
}
