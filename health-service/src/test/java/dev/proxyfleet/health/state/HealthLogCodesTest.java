package dev.proxyfleet.health.state;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.proxyfleet.contracts.EventType;
import dev.proxyfleet.contracts.HealthState;
import dev.proxyfleet.contracts.ProxyData;
import dev.proxyfleet.crypto.CredentialCipher;
import dev.proxyfleet.health.HealthEvents;
import dev.proxyfleet.health.HealthTestResource;
import dev.proxyfleet.health.Inventory;
import dev.proxyfleet.health.LocalProxy;
import dev.proxyfleet.localinfra.TestEvents;
import dev.proxyfleet.localinfra.TestLog;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * A proxy that fails and recovers is logged under PF-HEALTH-001 (WARN) and PF-HEALTH-002 (INFO), the code as the JSON
 * field {@code mdc.code}, without its password.
 */
@QuarkusTest
@WithTestResource(HealthTestResource.class)
class HealthLogCodesTest {

    private static final String PASSWORD = Inventory.SECRET_MARKER + "-codes";

    @Inject
    CredentialCipher cipher;

    @Test
    void failureAndRecoveryAreLoggedUnderTheirCodes() {
        try (LocalProxy local = LocalProxy.http(Inventory.USER, PASSWORD); HealthEvents events = new HealthEvents()) {
            ProxyData proxy = Inventory.proxy(Inventory.nextId(), local, PASSWORD, true, cipher);
            TestEvents.publish(EventType.PROXY_CREATED, proxy);
            events.awaitChange(proxy.id(), HealthState.UNKNOWN, HealthState.HEALTHY);
            local.kill();
            events.awaitChange(proxy.id(), HealthState.HEALTHY, HealthState.FAILED);
            local.start();
            events.awaitChange(proxy.id(), HealthState.FAILED, HealthState.HEALTHY);

            JsonNode failed = logged("PF-HEALTH-001", proxy.id());
            assertThat(failed.path("level").asText()).isEqualTo("WARN");
            assertThat(failed.path("message").asText()).startsWith("PF-HEALTH-001 proxy failed: proxy " + proxy.id()
                    + ", healthy -> failed, 3 failures in a row (").containsIgnoringCase("refused");
            JsonNode recovered = logged("PF-HEALTH-002", proxy.id());
            assertThat(recovered.path("level").asText()).isEqualTo("INFO");
            assertThat(recovered.path("message").asText())
                    .isEqualTo("PF-HEALTH-002 proxy recovered: proxy " + proxy.id() + ", failed -> healthy, 0 failures in a row (ok)");
            assertThat(failed.toString() + recovered).doesNotContain(PASSWORD);
            Inventory.delete(proxy);
        }
    }

    /** The change is logged once committed, and its event published after: both are there soon. */
    private static JsonNode logged(String code, long proxyId) {
        AtomicReference<List<JsonNode>> lines = new AtomicReference<>(List.of());
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> {
            lines.set(TestLog.withCode(code).stream()
                    .filter(line -> line.path("message").asText().contains(": proxy " + proxyId + ",")).toList());
            return !lines.get().isEmpty();
        });
        assertThat(lines.get()).hasSize(1);
        return lines.get().get(0);
    }
}
