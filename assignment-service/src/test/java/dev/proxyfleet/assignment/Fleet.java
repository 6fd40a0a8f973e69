package dev.proxyfleet.assignment;

import dev.proxyfleet.contracts.AccountData;
import dev.proxyfleet.contracts.CloudEvent;
import dev.proxyfleet.contracts.EventData;
import dev.proxyfleet.contracts.EventType;
import dev.proxyfleet.contracts.ExitIpData;
import dev.proxyfleet.contracts.HealthData;
import dev.proxyfleet.contracts.HealthState;
import dev.proxyfleet.contracts.Protocol;
import dev.proxyfleet.contracts.ProviderOutageData;
import dev.proxyfleet.contracts.ProxyData;
import dev.proxyfleet.localinfra.PostgresServer;
import dev.proxyfleet.localinfra.TestEvents;
import dev.proxyfleet.localinfra.TestInfra;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.awaitility.Awaitility;

/**
 * Test fixtures that play the other teams: inventory, health and account services publishing their events on the
 * real broker, and direct SQL to check what this service stored.
 */
public final class Fleet {

    private static final AtomicLong IDS = new AtomicLong(System.nanoTime() % 1_000_000_000L * 1000);

    private Fleet() {
    }

    /** An id no other test uses, for proxies and accounts. */
    public static long nextId() {
        return IDS.incrementAndGet();
    }

    public static ProxyData proxy(long id, boolean enabled, int maxAccounts, long version) {
        return proxy(id, enabled, maxAccounts, version, null);
    }

    private static ProxyData proxy(long id, boolean enabled, int maxAccounts, long version, Long providerId) {
        return new ProxyData(id, "127.1." + (id % 250) + ".1", 3128, Protocol.HTTP, null, null, null, providerId,
                "Test-Land", List.of(), 0, enabled, maxAccounts, null, null, version, Instant.now());
    }

    /** Publishes a new enabled proxy and waits until this service knows it. */
    public static long createProxy(int maxAccounts) {
        return createProxyOf(null, maxAccounts);
    }

    /** Publishes a new enabled proxy of this provider (null: none) and waits until this service knows it. */
    public static long createProxyOf(Long providerId, int maxAccounts) {
        long id = nextId();
        TestEvents.publish(EventType.PROXY_CREATED, proxy(id, true, maxAccounts, 1, providerId));
        awaitSql("SELECT count(*) FROM proxy WHERE id = " + id, 1);
        return id;
    }

    /** Publishes a new proxy that is disabled and waits until this service knows it: capacity no event will open. */
    public static long createDisabledProxy(int maxAccounts) {
        long id = nextId();
        TestEvents.publish(EventType.PROXY_CREATED, proxy(id, false, maxAccounts, 1));
        awaitSql("SELECT count(*) FROM proxy WHERE id = " + id, 1);
        return id;
    }

    /** Disables a known proxy the way inventory does (a newer {@code proxy.updated}) and waits until it is applied. */
    public static void disableProxy(long id) {
        long[] known = rows("SELECT inventory_version, max_accounts FROM proxy WHERE id = " + id).get(0);
        TestEvents.publish(EventType.PROXY_UPDATED, proxy(id, false, (int) known[1], known[0] + 1));
        awaitSql("SELECT count(*) FROM proxy WHERE id = " + id + " AND NOT enabled", 1);
    }

    /** Reports a proxy as failed the way the health service does and waits until it is applied. */
    public static void failProxy(long id) {
        health(id, HealthState.HEALTHY, HealthState.FAILED);
        awaitSql("SELECT count(*) FROM proxy WHERE id = " + id + " AND health = 'failed'", 1);
    }

    public static void health(long proxyId, HealthState from, HealthState to) {
        health(proxyId, from, to, Instant.now(), false);
    }

    /** A health transition judged at {@code at}, while the proxy's provider was in outage or not. */
    public static void health(long proxyId, HealthState from, HealthState to, Instant at, boolean providerOutage) {
        TestEvents.publish(EventType.PROXY_HEALTH_CHANGED, new HealthData(proxyId, from, to, 12L, 0, 90, null, at,
                providerOutage));
    }

    /** A loopback address no other test uses, as an exit IP (only a string here: nothing connects to it). */
    public static String nextAddress() {
        long n = nextId();
        return "127." + (n >> 16 & 255) + "." + (n >> 8 & 255) + "." + (n & 255);
    }

    /** Publishes two new enabled proxies of three places that leave through one new address; answers their ids. */
    public static long[] createPairLeavingThroughOneAddress(String address) {
        long[] pair = {createProxy(3), createProxy(3)};
        exitIp(pair[0], address);
        exitIp(pair[1], address);
        return pair;
    }

    /** Reports the proxy's exit IP the way health-service does and waits until it is applied. */
    public static void exitIp(long proxyId, String address) {
        TestEvents.publish(EventType.PROXY_EXIT_IP_CHANGED, new ExitIpData(proxyId, null, address, Instant.now()));
        awaitSql("SELECT count(*) FROM proxy WHERE id = " + proxyId + " AND exit_ip = '" + address + "'", 1);
    }

    public static CloudEvent<EventData> account(EventType type, String accountId, String modelId) {
        return TestEvents.publish(type, new AccountData(accountId, modelId, null, null));
    }

    /** Publishes a new account and waits until it is bound or pending, so that the next one arrives after it. */
    public static void arrive(String accountId, String modelId) {
        account(EventType.ACCOUNT_CREATED, accountId, modelId);
        awaitSql("SELECT count(*) FROM account WHERE account_id = '" + accountId
                + "' AND (proxy_id IS NOT NULL OR pending_since IS NOT NULL)", 1);
    }

    /** Publishes a new account of the model, waits until it is bound to a proxy, and answers its id. */
    public static String arriveBound(String modelId) {
        String account = "acc-" + nextId();
        account(EventType.ACCOUNT_CREATED, account, modelId);
        awaitSql("SELECT count(*) FROM account WHERE account_id = '" + account + "' AND proxy_id IS NOT NULL", 1);
        return account;
    }

    /** Publishes the provider's outage record the way health-service does and waits until it is applied. */
    public static void outage(EventType type, long provider, boolean inOutage) {
        TestEvents.publish(type, new ProviderOutageData(provider, inOutage ? 0.8 : 0.2, Instant.now()));
        awaitSql("SELECT count(*) FROM provider_outage WHERE provider_id = " + provider + " AND in_outage = " + inOutage, 1);
    }

    /**
     * The arrival measured on the README's run, one account after the other: A×7, B×4, C×3, D×2, each model's id
     * {@code prefix} and its letter, each account's its model's and a number.
     */
    public static void arriveSixteenOfFourModels(String prefix) {
        int[] arrivals = {7, 4, 3, 2};
        for (int model = 0; model < arrivals.length; model++) {
            String modelId = prefix + "ABCD".charAt(model);
            for (int i = 1; i <= arrivals[model]; i++) {
                arrive(modelId + i, modelId);
            }
        }
    }

    /**
     * Starts a test from an empty fleet: every known proxy is disabled the way an operator would do it (a newer
     * {@code proxy.updated}), and accounts other tests left waiting are retired, so they cannot take the capacity a
     * test creates. Tests share one database; this is how each controls capacity.
     */
    public static void emptyFleet() {
        disableAllProxies();
        execute("UPDATE account SET active = FALSE, pending_since = NULL WHERE pending_since IS NOT NULL");
    }

    private static void disableAllProxies() {
        for (long[] proxy : rows("SELECT id, inventory_version, max_accounts FROM proxy WHERE enabled")) {
            ProxyData disabled = proxy(proxy[0], false, (int) proxy[2], proxy[1] + 1);
            TestEvents.publish(EventType.PROXY_UPDATED, disabled);
        }
        awaitSql("SELECT count(*) FROM proxy WHERE enabled", 0);
    }

    /** Rows of numbers. */
    public static List<long[]> rows(String query) {
        try (Connection connection = connect(); ResultSet rs = connection.createStatement().executeQuery(query)) {
            List<long[]> rows = new java.util.ArrayList<>();
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                long[] row = new long[columns];
                for (int i = 0; i < columns; i++) {
                    row[i] = rs.getLong(i + 1);
                }
                rows.add(row);
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public static Connection connect() throws SQLException {
        return DriverManager.getConnection(TestInfra.get().jdbcUrl(), PostgresServer.USER, PostgresServer.PASSWORD);
    }

    public static void execute(String statement) {
        try (Connection connection = connect()) {
            connection.createStatement().execute(statement);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A single number from the service's database. */
    public static long sql(String query) {
        return rows(query).get(0)[0];
    }

    /** Waits until a query's number equals the expected one. */
    public static void awaitSql(String query, long expected) {
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> sql(query) == expected);
    }

    /** The account's proxy once it has settled on one (null while pending). */
    public static Long proxyOf(String accountId) {
        List<long[]> rows = rows("SELECT proxy_id FROM account WHERE proxy_id IS NOT NULL AND account_id = '" + accountId.replace("'", "''") + "'");
        return rows.isEmpty() ? null : rows.get(0)[0];
    }

    /**
     * What a wait that timed out needs to be understood, on one line (a test summary shows the first): the accounts
     * matching {@code where} by state, and every other session of the database that waits for a lock or sits idle
     * inside a transaction, with its query.
     */
    public static String describe(String where) {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            StringBuilder text = new StringBuilder();
            try (ResultSet rs = statement.executeQuery("SELECT count(*), count(*) FILTER (WHERE proxy_id IS NOT NULL), "
                    + "count(*) FILTER (WHERE pending_since IS NOT NULL), count(*) FILTER (WHERE NOT active) "
                    + "FROM account WHERE " + where)) {
                rs.next();
                text.append(String.format("known %d, bound %d, pending %d, inactive %d", rs.getLong(1), rs.getLong(2),
                        rs.getLong(3), rs.getLong(4)));
            }
            try (ResultSet rs = statement.executeQuery("SELECT pid, state, wait_event_type, now() - xact_start, "
                    + "regexp_replace(left(query, 200), '\\s+', ' ', 'g') FROM pg_stat_activity "
                    + "WHERE pid <> pg_backend_pid() AND datname = current_database() "
                    + "AND (wait_event_type = 'Lock' OR state LIKE 'idle in transaction%')")) {
                while (rs.next()) {
                    text.append(String.format("; session %d %s %s for %s: %s", rs.getInt(1), rs.getString(2),
                            rs.getString(3), rs.getString(4), rs.getString(5)));
                }
            }
            return text.toString();
        } catch (SQLException e) {
            return "(not described: " + e.getMessage() + ")";
        }
    }

    /** The rules, checked over the whole database: zero means none is broken. */
    public static long violations() {
        return sql("SELECT (SELECT count(*) FROM proxy WHERE account_count > max_accounts)"
                + " + (SELECT count(*) FROM (SELECT proxy_id FROM account WHERE proxy_id IS NOT NULL GROUP BY proxy_id"
                + "    HAVING count(DISTINCT model_id) > 1) two_models)"
                + " + (SELECT count(*) FROM proxy p WHERE account_count <> (SELECT count(*) FROM account a WHERE a.proxy_id = p.id))"
                + " + (SELECT count(*) FROM account WHERE active AND proxy_id IS NULL AND pending_since IS NULL)"
                + " + (SELECT count(*) FROM (SELECT p.exit_ip FROM account a JOIN proxy p ON p.id = a.proxy_id"
                + "    WHERE p.exit_ip IS NOT NULL GROUP BY p.exit_ip HAVING count(DISTINCT a.model_id) > 1) two_models_per_ip)"
                + " + (SELECT count(*) FROM exit_ip e WHERE account_count > max_accounts OR account_count <> (SELECT"
                + "    count(*) FROM account a JOIN proxy p ON p.id = a.proxy_id WHERE p.exit_ip = e.address))");
    }
}
