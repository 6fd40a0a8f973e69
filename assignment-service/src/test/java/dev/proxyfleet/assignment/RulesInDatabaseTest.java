package dev.proxyfleet.assignment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.proxyfleet.localinfra.FleetTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import java.util.function.IntToLongFunction;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The rules hold in PostgreSQL itself: plain JDBC on the service's database, none of the service's Java code on the
 * path, so even a buggy code path (or an operator with psql) cannot break them. The class is a {@code @QuarkusTest}
 * only so that the service has migrated the schema; every row it writes is removed after each test.
 */
@QuarkusTest
@WithTestResource(FleetTestResource.class)
class RulesInDatabaseTest {

    private static final String CHECK_VIOLATION = "23514";
    private static final String FOREIGN_KEY_VIOLATION = "23503";
    private static final String UNIQUE_VIOLATION = "23505";
    /** Serialization failure and deadlock: the transaction may simply be run again. */
    private static final Set<String> RETRYABLE = Set.of("40001", "40P01");

    private final String accountPrefix = "rules-" + Fleet.nextId() + "-";
    private final List<Long> proxies = new ArrayList<>();
    private Connection db;

    @BeforeEach
    void connect() throws SQLException {
        db = Fleet.connect();
    }

    @AfterEach
    void removeWhatTheTestWrote() throws SQLException {
        try {
            if (!db.getAutoCommit()) {
                db.rollback();
                db.setAutoCommit(true);
            }
            execute("DELETE FROM account WHERE account_id LIKE '" + accountPrefix + "%'");
            try (PreparedStatement delete = db.prepareStatement("DELETE FROM proxy WHERE id = ANY (?)")) {
                Array ids = db.createArrayOf("bigint", proxies.toArray());
                delete.setArray(1, ids);
                delete.executeUpdate();
            }
        } finally {
            db.close();
        }
        assertThat(Fleet.violations()).isZero();
    }

    // --- fixtures -------------------------------------------------------------------------------------------------

    /** A new enabled, healthy-enough proxy written straight into the table. */
    private long proxy(int maxAccounts) throws SQLException {
        long id = Fleet.nextId();
        execute("INSERT INTO proxy (id, enabled, max_accounts) VALUES (" + id + ", TRUE, " + maxAccounts + ")");
        proxies.add(id);
        return id;
    }

    /** A new proxy already holding {@code bound} accounts of model {@code m-1}. */
    private long proxyHolding(int maxAccounts, int bound) throws SQLException {
        long proxy = proxy(maxAccounts);
        for (int i = 0; i < bound; i++) {
            bind("m-1", proxy);
        }
        return proxy;
    }

    private String newAccount() {
        return accountPrefix + Fleet.nextId();
    }

    /** A new account of {@code model} inserted already bound to {@code proxy}. */
    private String bind(String model, long proxy) throws SQLException {
        String account = newAccount();
        bind(db, account, model, proxy);
        return account;
    }

    private static void bind(Connection connection, String account, String model, long proxy) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO account (account_id, model_id, proxy_id) VALUES (?, ?, ?)")) {
            insert.setString(1, account);
            insert.setString(2, model);
            insert.setLong(3, proxy);
            insert.executeUpdate();
        }
    }

    private void execute(String statement) throws SQLException {
        try (Statement s = db.createStatement()) {
            s.execute(statement);
        }
    }

    /** The proxy's counter; the rows bound to it must always say the same. */
    private static long accountsOn(long proxy) {
        long counted = Fleet.sql("SELECT account_count FROM proxy WHERE id = " + proxy);
        assertThat(Fleet.sql("SELECT count(*) FROM account WHERE proxy_id = " + proxy)).as("rows bound to proxy %d", proxy)
                .isEqualTo(counted);
        return counted;
    }

    private String modelOf(long proxy) throws SQLException {
        try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery("SELECT model_id FROM proxy WHERE id = " + proxy)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static void assertRefused(ThrowingCallable statement, String sqlState, String message) {
        assertThatThrownBy(statement).isInstanceOfSatisfying(SQLException.class, e -> {
            assertThat(e.getSQLState()).as(e.getMessage()).isEqualTo(sqlState);
            assertThat(e.getMessage()).contains(message);
        });
    }

    /** The statement itself is accepted inside a transaction, and the transaction is refused at commit. */
    private void assertRefusedAtCommit(String statement, String sqlState, String message) throws SQLException {
        db.setAutoCommit(false);
        execute(statement);
        assertRefused(db::commit, sqlState, message);
        db.setAutoCommit(true);
    }

    // --- rules 1 and 2: capacity, one model per proxy ------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', value = {
        "a third account on a proxy of two is refused by rule 1; 2; m-1; rule 1: proxy %d holds 2 of 2",
        "an account of a second model on a used proxy is refused by rule 2; 3; m-2; rule 2: proxy %d belongs to model m-1"})
    void bindingBeyondCapacityOrToAnotherModelIsRefused(String behaviour, int maxAccounts, String model, String rule)
            throws SQLException {
        long proxy = proxyHolding(maxAccounts, 2);

        assertRefused(() -> bind(model, proxy), CHECK_VIOLATION, rule.formatted(proxy));

        assertThat(accountsOn(proxy)).isEqualTo(2);
    }

    @Test
    void counterLoweredBelowTheBoundAccountsIsRefusedAtCommitByRule1() throws SQLException {
        long proxy = proxyHolding(3, 2);

        assertRefusedAtCommit("UPDATE proxy SET account_count = 1 WHERE id = " + proxy, CHECK_VIOLATION,
                "rule 1: proxy " + proxy + " counts 1 accounts but 2 are bound");

        assertThat(accountsOn(proxy)).isEqualTo(2);
    }

    @Test
    void counterOfAUsedProxyCannotBeZeroed() throws SQLException {
        long proxy = proxyHolding(3, 1);

        // A zero count with a model left is refused on the spot; clearing the model too, at commit.
        assertRefused(() -> execute("UPDATE proxy SET account_count = 0 WHERE id = " + proxy), CHECK_VIOLATION,
                "proxy_model_set_when_used");
        assertRefusedAtCommit("UPDATE proxy SET account_count = 0, model_id = NULL WHERE id = " + proxy,
                FOREIGN_KEY_VIOLATION, "account_model_matches_proxy");

        assertThat(accountsOn(proxy)).isEqualTo(1);
        assertThat(modelOf(proxy)).isEqualTo("m-1");
    }

    @Test
    void modelOfAProxyWithAccountsCannotBeRewritten() throws SQLException {
        long proxy = proxyHolding(3, 1);

        assertRefusedAtCommit("UPDATE proxy SET model_id = 'other' WHERE id = " + proxy, FOREIGN_KEY_VIOLATION,
                "account_model_matches_proxy");

        assertThat(modelOf(proxy)).isEqualTo("m-1");
    }

    @Test
    void releasingTheLastAccountFreesTheProxyForAnotherModel() throws SQLException {
        long proxy = proxy(3);
        String first = bind("m-1", proxy);
        String second = bind("m-1", proxy);

        execute("UPDATE account SET active = FALSE, proxy_id = NULL WHERE account_id = '" + first + "'");
        assertThat(modelOf(proxy)).isEqualTo("m-1");
        assertRefused(() -> bind("m-2", proxy), CHECK_VIOLATION, "rule 2: proxy " + proxy + " belongs to model m-1");

        execute("DELETE FROM account WHERE account_id = '" + second + "'");
        assertThat(modelOf(proxy)).isNull();
        assertThat(accountsOn(proxy)).isZero();

        bind("m-2", proxy);
        assertThat(modelOf(proxy)).isEqualTo("m-2");
        assertThat(accountsOn(proxy)).isEqualTo(1);
    }

    // --- rule 3: only eligible proxies take accounts ------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"enabled = FALSE", "deleted = TRUE", "health = 'failed'"})
    void bindingToAnIneligibleProxyIsRefusedByRule3(String ineligible) throws SQLException {
        long proxy = proxy(3);
        execute("UPDATE proxy SET " + ineligible + " WHERE id = " + proxy);
        long eligible = proxy(3);
        String bound = bind("m-1", eligible);

        assertRefused(() -> bind("m-1", proxy), CHECK_VIOLATION, "rule 3: proxy " + proxy + " is not eligible");
        assertRefused(() -> execute("UPDATE account SET proxy_id = " + proxy + " WHERE account_id = '" + bound + "'"),
                CHECK_VIOLATION, "rule 3: proxy " + proxy + " is not eligible");

        assertThat(accountsOn(proxy)).isZero();
        assertThat(accountsOn(eligible)).isEqualTo(1);
    }

    @Test
    void bindingToAnUnknownProxyIsRefusedByRule3() {
        long unknown = Fleet.nextId();

        assertRefused(() -> bind("m-1", unknown), FOREIGN_KEY_VIOLATION, "rule 3: proxy " + unknown + " is not known");
    }

    // --- rule 4: one proxy per account -----------------------------------------------------------------------------------

    @Test
    void anAccountHoldsOneProxyBecauseItsIdIsTheKey() throws SQLException {
        long first = proxy(3);
        long second = proxy(3);
        String account = bind("m-1", first);

        assertRefused(() -> bind(db, account, "m-1", second), UNIQUE_VIOLATION, "account_pkey");

        assertThat(accountsOn(first)).isEqualTo(1);
        assertThat(accountsOn(second)).isZero();
    }

    @Test
    void movingAccountsBetweenProxiesInOneUpdateKeepsBothCounters() throws SQLException {
        long from = proxyHolding(3, 2);
        long to = proxyHolding(3, 1);

        execute("UPDATE account SET proxy_id = " + to + " WHERE proxy_id = " + from);

        assertThat(accountsOn(from)).isZero();
        assertThat(modelOf(from)).isNull();
        assertThat(accountsOn(to)).isEqualTo(3);
        assertThat(modelOf(to)).isEqualTo("m-1");
    }

    // --- rules 1 and 2 per exit IP: proxies of one address are one proxy ------------------------------------------------

    /** A new proxy that leaves through {@code address}, as health-service's exit-IP check read it. */
    private long proxyLeavingThrough(String address, int maxAccounts) throws SQLException {
        long proxy = proxy(maxAccounts);
        execute("UPDATE proxy SET exit_ip = '" + address + "' WHERE id = " + proxy);
        return proxy;
    }

    @Test
    void aSecondModelOnAnotherProxyOfTheSameExitIpIsRefusedByRule2() throws SQLException {
        String address = Fleet.nextAddress();
        long first = proxyLeavingThrough(address, 3);
        long second = proxyLeavingThrough(address, 3);
        bind("m-1", first);

        assertRefused(() -> bind("m-2", second), CHECK_VIOLATION,
                "rule 2: proxy " + second + " leaves through exit IP " + address + ", which model m-1 uses");

        bind("m-1", second);
        assertThat(Fleet.sql("SELECT account_count FROM exit_ip WHERE address = '" + address + "'")).isEqualTo(2);
    }

    @Test
    void theOperatorsLimitOfAnExitIpCountsItsProxiesTogetherByRule1() throws SQLException {
        String address = Fleet.nextAddress();
        long first = proxyLeavingThrough(address, 3);
        long second = proxyLeavingThrough(address, 3);
        execute("UPDATE exit_ip SET max_accounts = 2 WHERE address = '" + address + "'");
        bind("m-1", first);
        bind("m-1", second);

        assertRefused(() -> bind("m-1", first), CHECK_VIOLATION,
                "rule 1: proxy " + first + " leaves through exit IP " + address + ", which holds 2 of 2");
        assertRefused(() -> execute("UPDATE exit_ip SET max_accounts = 1 WHERE address = '" + address + "'"),
                CHECK_VIOLATION, "rule 1: exit IP " + address + " holds 2 of 1");
    }

    @Test
    void aProxyWithAccountsCannotLeaveThroughAnotherModelsExitIp() throws SQLException {
        String taken = Fleet.nextAddress();
        long holder = proxyLeavingThrough(taken, 3);
        bind("m-1", holder);
        long moving = proxy(3);
        bind("m-2", moving);

        assertRefused(() -> execute("UPDATE proxy SET exit_ip = '" + taken + "' WHERE id = " + moving), CHECK_VIOLATION,
                "rule 2: proxy " + moving + " leaves through exit IP " + taken + ", which model m-1 uses");

        String free = Fleet.nextAddress();
        execute("UPDATE proxy SET exit_ip = '" + free + "' WHERE id = " + moving);
        assertThat(Fleet.sql("SELECT account_count FROM exit_ip WHERE address = '" + free + "'")).isOne();
    }

    @Test
    void anExitIpsCounterOrModelCannotBeRewrittenDirectly() throws SQLException {
        String address = Fleet.nextAddress();
        bind("m-1", proxyLeavingThrough(address, 3));

        assertRefusedAtCommit("UPDATE exit_ip SET account_count = 0, model_id = NULL WHERE address = '" + address + "'",
                CHECK_VIOLATION, "rule 2: exit IP " + address + " counts 0 accounts of model <NULL> but 1 are bound");
        assertRefusedAtCommit("UPDATE exit_ip SET model_id = 'm-2' WHERE address = '" + address + "'",
                CHECK_VIOLATION, "1 of another model");
    }

    @Test
    void sixteenConcurrentBindsOfTwoModelsToTwoProxiesOfOneExitIpLetOneModelIn() throws Exception {
        String address = Fleet.nextAddress();
        long first = proxyLeavingThrough(address, 8);
        long second = proxyLeavingThrough(address, 8);
        List<String> outcomes = race(16, i -> "m-" + i % 2, i -> i < 8 ? first : second);

        assertThat(outcomes).filteredOn("bound"::equals).hasSize(8);
        assertThat(outcomes).filteredOn(o -> !o.equals("bound")).hasSize(8)
                .allSatisfy(o -> assertThat(o).startsWith(CHECK_VIOLATION).containsPattern("rule 2: proxy \\d+ "
                        + "(belongs to model m-[01]|leaves through exit IP " + address.replace(".", "\\.")
                        + ", which model m-[01] uses)"));
        assertThat(Fleet.sql("SELECT count(DISTINCT a.model_id) FROM account a JOIN proxy p ON p.id = a.proxy_id"
                + " WHERE p.exit_ip = '" + address + "'")).isOne();
        assertThat(Fleet.sql("SELECT account_count FROM exit_ip WHERE address = '" + address + "'")).isEqualTo(8);
    }

    // --- rule 5: under concurrency ----------------------------------------------------------------------------------------

    @ParameterizedTest(name = "{0} model(s)")
    @CsvSource(delimiter = ';', value = {
        "1; rule 1: proxy \\d+ holds 3 of 3",
        "2; rule (1: proxy \\d+ holds 3 of 3|2: proxy \\d+ belongs to model m-[01])"})
    void sixteenConcurrentBindsToOneProxyOfThreeLetExactlyThreeIn(int models, String refusal) throws Exception {
        long proxy = proxy(3);
        List<String> outcomes = race(16, i -> "m-" + i % models, i -> proxy);

        assertThat(outcomes).filteredOn("bound"::equals).hasSize(3);
        assertThat(outcomes).filteredOn(o -> !o.equals("bound")).hasSize(13)
                .allSatisfy(o -> assertThat(o).startsWith(CHECK_VIOLATION).containsPattern(refusal));
        assertThat(accountsOn(proxy)).isEqualTo(3);
        assertThat(Fleet.sql("SELECT count(DISTINCT model_id) FROM account WHERE proxy_id = " + proxy)).isEqualTo(1);
    }

    /**
     * Racers on their own connections, released at once: racer {@code i} binds a new account of {@code model(i)} to
     * {@code proxy(i)}. Answers each one's outcome: {@code bound}, or the SQL state and message of its refusal.
     */
    private List<String> race(int racers, IntFunction<String> model, IntToLongFunction proxy) throws Exception {
        CountDownLatch ready = new CountDownLatch(racers);
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(racers);
        List<String> outcomes = new ArrayList<>();
        try {
            List<Future<String>> futures = new ArrayList<>();
            for (int i = 0; i < racers; i++) {
                String account = newAccount();
                String modelId = model.apply(i);
                long proxyId = proxy.applyAsLong(i);
                futures.add(pool.submit(() -> race(account, modelId, proxyId, ready, start)));
            }
            assertThat(ready.await(30, TimeUnit.SECONDS)).as("every racer connected").isTrue();
            start.countDown();
            for (Future<String> future : futures) {
                outcomes.add(future.get(60, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }
        return outcomes;
    }

    /** One racer on its own connection: waits at the gate, then binds, retrying only what PostgreSQL says to retry. */
    private static String race(String account, String model, long proxy, CountDownLatch ready, CountDownLatch start)
            throws SQLException, InterruptedException {
        try (Connection connection = Fleet.connect()) {
            connection.setAutoCommit(false);
            ready.countDown();
            start.await();
            while (true) {
                try {
                    bind(connection, account, model, proxy);
                    connection.commit();
                    return "bound";
                } catch (SQLException e) {
                    connection.rollback();
                    if (!RETRYABLE.contains(e.getSQLState())) {
                        return e.getSQLState() + " " + e.getMessage();
                    }
                }
            }
        }
    }
}
