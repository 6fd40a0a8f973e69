package dev.proxyfleet.health;

import static org.assertj.core.api.Assertions.assertThat;

import dev.proxyfleet.contracts.EventType;
import dev.proxyfleet.contracts.HealthState;
import dev.proxyfleet.contracts.ProxyData;
import dev.proxyfleet.crypto.ApiTokenDigest;
import dev.proxyfleet.crypto.CredentialCipher;
import dev.proxyfleet.crypto.CryptoConfig;
import dev.proxyfleet.localinfra.FreePorts;
import dev.proxyfleet.localinfra.PostgresServer;
import dev.proxyfleet.localinfra.ServiceProcess;
import dev.proxyfleet.localinfra.TestEvents;
import dev.proxyfleet.localinfra.TestInfra;
import dev.proxyfleet.localinfra.TestTokens;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * The packaged service, started with the environment {@code run.sh} gives it (production mode, a real credential
 * key), marks live proxies healthy (HTTP; HTTPS, through a CONNECT tunnel to a TLS target trusted through the trust
 * file; SOCKS5), a stopped one failed within {@code fall × interval + 1 s}, and recovers it.
 */
class LocalRunIT {

    private static final Duration INTERVAL = Duration.ofSeconds(1);
    private static final int FALL = 3;
    private static final String PASSWORD = Inventory.SECRET_MARKER + "-local-run";

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void marksLiveProxiesHealthyAStoppedOneFailedWithinTheThresholdsAndRecoversIt() throws Exception {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        String keys = "it:" + Base64.getEncoder().encodeToString(key);
        CredentialCipher cipher = new CredentialCipher(new CryptoConfig() {
            @Override
            public Optional<List<String>> keys() {
                return Optional.of(List.of(keys));
            }

            @Override
            public Optional<String> primaryKeyId() {
                return Optional.of("it");
            }
        });
        ServiceProcess service = start(keys);
        try (LocalProxy httpProxy = LocalProxy.http(Inventory.USER, PASSWORD);
                LocalProxy httpsProxy = LocalProxy.https(Inventory.USER, PASSWORD);
                LocalProxy socksProxy = LocalProxy.socks5(Inventory.USER, PASSWORD);
                HealthEvents events = new HealthEvents()) {
            ProxyData viaHttp = Inventory.proxy(Inventory.nextId(), httpProxy, PASSWORD, true, cipher);
            ProxyData viaHttps = Inventory.proxy(Inventory.nextId(), httpsProxy, PASSWORD, true, cipher);
            ProxyData viaSocks = Inventory.proxy(Inventory.nextId(), socksProxy, PASSWORD, true, cipher);
            for (ProxyData proxy : List.of(viaHttp, viaHttps, viaSocks)) {
                TestEvents.publish(EventType.PROXY_CREATED, proxy);
            }
            for (ProxyData proxy : List.of(viaHttp, viaHttps, viaSocks)) {
                awaitState(service, proxy.id(), "healthy", Duration.ofSeconds(30));
            }

            httpProxy.kill();
            Instant killed = Instant.now();
            awaitState(service, viaHttp.id(), "failed", Duration.ofSeconds(30));
            Duration detection = Duration.between(killed, Instant.now());
            System.out.printf("detection time of a dead proxy: %d ms (fall %d x interval %d ms)%n",
                    detection.toMillis(), FALL, INTERVAL.toMillis());

            assertThat(detection).isLessThanOrEqualTo(INTERVAL.multipliedBy(FALL).plusSeconds(1));
            assertThat(events.awaitChange(viaHttp.id(), HealthState.HEALTHY, HealthState.FAILED).consecutiveFailures()).isEqualTo(FALL);
            httpProxy.start();
            awaitState(service, viaHttp.id(), "healthy", Duration.ofSeconds(30));
            events.awaitChange(viaHttp.id(), HealthState.FAILED, HealthState.HEALTHY);
        } finally {
            service.signalStop();
            service.awaitStop(Instant.now().plusSeconds(20));
        }
    }

    private static ServiceProcess start(String keys) {
        TestInfra infra = TestInfra.get();
        int port = FreePorts.next();
        ServiceProcess service = new ServiceProcess("health-service", port, Path.of("").toAbsolutePath(),
                Path.of("target/local-run-it.log").toAbsolutePath());
        service.start(Map.ofEntries(
                Map.entry("KAFKA_BOOTSTRAP_SERVERS", infra.kafka().bootstrapServers()),
                Map.entry("QUARKUS_DATASOURCE_REACTIVE_URL", infra.reactiveUrl()),
                Map.entry("QUARKUS_DATASOURCE_USERNAME", PostgresServer.USER),
                Map.entry("QUARKUS_DATASOURCE_PASSWORD", PostgresServer.PASSWORD),
                Map.entry("QUARKUS_HTTP_PORT", Integer.toString(port)),
                Map.entry("FLEET_CRYPTO_KEYS", keys),
                Map.entry("FLEET_CRYPTO_PRIMARY_KEY_ID", "it"),
                Map.entry("FLEET_SECURITY_TOKENS", "it:viewer:" + ApiTokenDigest.sha256(TestTokens.VIEWER)),
                Map.entry("HEALTH_TARGET_URL", TargetServer.url("/ok")),
                Map.entry("HEALTH_TLS_TARGET_URL", TargetServer.url(TargetServer.Tls.TRUSTED, "/ok")),
                Map.entry("HEALTH_TARGET_TRUST_PEM", TargetServer.trustPem().toString()),
                Map.entry("HEALTH_INTERVAL", INTERVAL.toMillis() + "ms")));
        service.awaitReady(HttpClient.newHttpClient());
        return service;
    }

    private void awaitState(ServiceProcess service, long proxyId, String state, Duration within) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(service.url() + "/api/health/proxies/" + proxyId))
                .header("Authorization", "Bearer " + TestTokens.VIEWER).build();
        Awaitility.await().atMost(within).pollInterval(Duration.ofMillis(50))
                .until(() -> http.send(request, HttpResponse.BodyHandlers.ofString()).body(), body -> body.contains("\"state\":\"" + state + "\""));
    }
}
