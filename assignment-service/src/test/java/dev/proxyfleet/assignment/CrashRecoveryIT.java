package dev.proxyfleet.assignment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.proxyfleet.contracts.AccountData;
import dev.proxyfleet.contracts.CloudEvent;
import dev.proxyfleet.contracts.EventType;
import dev.proxyfleet.localinfra.FreePorts;
import dev.proxyfleet.localinfra.PostgresServer;
import dev.proxyfleet.localinfra.ServiceProcess;
import dev.proxyfleet.localinfra.TestEvents;
import dev.proxyfleet.localinfra.TestInfra;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * The packaged service is killed (SIGKILL) in the middle of a stream of account events and started again: the
 * final state is complete and valid, because offsets are committed only after the transaction that applied them.
 */
class CrashRecoveryIT {

    private static final int PROXIES = 100;
    private static final int ACCOUNTS = 600;

    @Test
    void killedMidStreamTheServiceResumesToACompleteAndValidState() throws Exception {
        TestInfra infra = TestInfra.get();
        int port = FreePorts.next();
        ServiceProcess service = new ServiceProcess("assignment-service", port, Path.of("").toAbsolutePath(),
                Path.of("target/crash-recovery-it.log").toAbsolutePath());
        Map<String, String> env = Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", infra.kafka().bootstrapServers(),
                "QUARKUS_DATASOURCE_REACTIVE_URL", infra.reactiveUrl(),
                "QUARKUS_DATASOURCE_USERNAME", PostgresServer.USER,
                "QUARKUS_DATASOURCE_PASSWORD", PostgresServer.PASSWORD,
                "QUARKUS_HTTP_PORT", Integer.toString(port));
        service.start(env);
        service.awaitReady(HttpClient.newHttpClient());
        for (int i = 0; i < PROXIES; i++) {
            TestEvents.producer().send(CloudEvent.create(EventType.PROXY_CREATED, "/test", Fleet.proxy(Fleet.nextId(), true, 3, 1)).toProducerRecord());
        }
        for (int i = 0; i < ACCOUNTS; i++) {
            AccountData data = new AccountData("crash-" + i, "model-" + i % 10, null, null);
            TestEvents.producer().send(CloudEvent.create(EventType.ACCOUNT_CREATED, "/test", data).toProducerRecord());
        }
        TestEvents.producer().flush();

        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20))
                .until(() -> Fleet.sql("SELECT count(*) FROM account") >= 50);
        service.kill();
        long beforeRestart = Fleet.sql("SELECT count(*) FROM account");
        assertThat(beforeRestart).as("killed in the middle of the stream").isLessThan(ACCOUNTS);

        service.start(env);
        try {
            service.awaitReady(HttpClient.newHttpClient());
            Fleet.awaitSql("SELECT count(*) FROM account WHERE proxy_id IS NOT NULL OR pending_since IS NOT NULL", ACCOUNTS);
            // Rule 6: no account waits while a proxy could take it (the pending sweep settles a race of the two).
            Fleet.awaitSql("SELECT count(*) FROM account a WHERE pending_since IS NOT NULL AND EXISTS (SELECT 1 FROM proxy p "
                    + "WHERE p.enabled AND p.account_count < p.max_accounts AND (p.account_count = 0 OR p.model_id = a.model_id))", 0);
        } finally {
            service.signalStop();
            service.awaitStop(Instant.now().plusSeconds(20));
        }
        assertThat(Fleet.violations()).isZero();
        assertThat(Fleet.sql("SELECT count(*) FROM (SELECT account_id FROM assignment_history "
                + "GROUP BY account_id, action HAVING count(*) > 1) twice")).as("no duplicate history").isZero();
    }
}
