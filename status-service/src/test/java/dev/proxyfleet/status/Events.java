package dev.proxyfleet.status;

import static io.restassured.RestAssured.given;

import dev.proxyfleet.contracts.ApiKeyData;
import dev.proxyfleet.contracts.AssignmentData;
import dev.proxyfleet.contracts.AssignmentReason;
import dev.proxyfleet.contracts.AssignmentStateData;
import dev.proxyfleet.contracts.EventType;
import dev.proxyfleet.contracts.HealthData;
import dev.proxyfleet.contracts.HealthState;
import dev.proxyfleet.contracts.HealthStateData;
import dev.proxyfleet.contracts.Protocol;
import dev.proxyfleet.contracts.ProviderData;
import dev.proxyfleet.contracts.ProviderStatus;
import dev.proxyfleet.contracts.ProxyData;
import dev.proxyfleet.contracts.ServiceType;
import dev.proxyfleet.contracts.Topic;
import dev.proxyfleet.crypto.ApiKeyBinding;
import dev.proxyfleet.crypto.CredentialBinding;
import dev.proxyfleet.crypto.CredentialCipher;
import dev.proxyfleet.crypto.EncryptedSecret;
import dev.proxyfleet.localinfra.TestEvents;
import io.quarkus.arc.Arc;
import io.restassured.path.json.JsonPath;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.awaitility.Awaitility;

/**
 * Test fixtures that play inventory, health and assignment services on the real broker, and wait for what the
 * status service shows. Health and assignment changes go out as those services send them: the history event on the
 * delete-cleanup topic, and the state on the compacted one. Each test uses its own location, so that tests sharing the read model do not see each other.
 */
public final class Events {

    /** Every proxy's password, encrypted in its events: it must never show in any answer or table. */
    public static final String SECRET = "pw-secret-status";

    private static final AtomicLong IDS = new AtomicLong(System.nanoTime() % 1_000_000_000L * 1000);

    private Events() {
    }

    public static long nextId() {
        return IDS.incrementAndGet();
    }

    /** A location no other test uses. */
    public static String newLocation() {
        return "loc-" + nextId();
    }

    /** A proxy whose event carries {@link #SECRET} encrypted with the service's key, as inventory-service sends it. */
    public static ProxyData proxy(long id, String location, Long providerId, boolean enabled, long version) {
        String host = "127.9." + (id % 250) + "." + (version % 250);
        EncryptedSecret password = Arc.container().instance(CredentialCipher.class).get()
                .encrypt(SECRET, new CredentialBinding(id, host, 3128));
        return new ProxyData(id, host, 3128, Protocol.HTTP, "user-" + id,
                password.ciphertext(), password.keyId(), providerId, location, List.of("eu"), 0, enabled, 3, null, 7L, version,
                Instant.now());
    }

    public static ProxyData withPriority(ProxyData p, int priority) {
        return new ProxyData(p.id(), p.host(), p.port(), p.protocol(), p.username(), p.passwordCiphertext(), p.keyId(),
                p.providerId(), p.location(), p.labels(), priority, p.enabled(), p.maxAccounts(), p.maxKeys(),
                p.vpsId(), p.version(), p.updatedAt());
    }

    /** Publishes a new enabled proxy and returns its id. */
    public static long proxy(String location, Long providerId) {
        long id = nextId();
        TestEvents.publish(EventType.PROXY_CREATED, proxy(id, location, providerId, true, 1));
        return id;
    }

    /** The secret of an API key {@link #key} publishes: it starts with {@link #SECRET}, so the audits look for it too. */
    public static String keySecret(long keyId) {
        return SECRET + "-key-" + keyId;
    }

    /** Publishes a new API key of the pool on the proxy, its secret encrypted as inventory-service does, and returns it. */
    public static ApiKeyData key(long proxyId, String pool) {
        long id = nextId();
        EncryptedSecret secret = Arc.container().instance(CredentialCipher.class).get()
                .encrypt(keySecret(id), new ApiKeyBinding(id, proxyId));
        ApiKeyData key = new ApiKeyData(id, proxyId, "key-" + id, pool, secret.ciphertext(), secret.keyId(), 1L);
        TestEvents.publish(EventType.KEY_CREATED, key);
        return key;
    }

    public static void health(long proxyId, HealthState to, long latencyMs, int score, int failures) {
        Instant at = Instant.now();
        TestEvents.publish(EventType.PROXY_HEALTH_CHANGED,
                new HealthData(proxyId, HealthState.UNKNOWN, to, latencyMs, failures, score, null, at, false));
        TestEvents.publish(EventType.PROXY_HEALTH_STATE, new HealthStateData(proxyId, to, latencyMs, failures, score, null, at));
    }

    /** The proxy's health as health-service publishes it once its exit-IP check read {@code exitIp} at {@code since}. */
    public static void exitIp(long proxyId, String exitIp, Instant since) {
        TestEvents.publish(EventType.PROXY_HEALTH_STATE, new HealthStateData(proxyId, HealthState.HEALTHY, 20L, 0, 90,
                null, Instant.now(), exitIp, since));
    }

    public static void assign(String accountId, String modelId, long proxyId) {
        assign(accountId, modelId, null, proxyId);
    }

    /** An assignment of an account that the VPS host {@code vpsId} manages (null: none named). */
    public static void assign(String accountId, String modelId, Long vpsId, long proxyId) {
        Instant at = Instant.now();
        TestEvents.publish(EventType.ASSIGNMENT_ASSIGNED, new AssignmentData(accountId, modelId, proxyId, null,
                AssignmentReason.AUTOMATIC, 1, at));
        TestEvents.publish(EventType.ASSIGNMENT_STATE, new AssignmentStateData(accountId, modelId, vpsId, proxyId, at));
    }

    public static void pending(String accountId, String modelId) {
        Instant at = Instant.now();
        TestEvents.publish(EventType.ASSIGNMENT_PENDING, new AssignmentData(accountId, modelId, null, null,
                AssignmentReason.NO_CAPACITY, null, at));
        TestEvents.publish(EventType.ASSIGNMENT_STATE, new AssignmentStateData(accountId, modelId, null, null, at));
    }

    /**
     * An operator's release: the account lets go of its proxy, or of its place in the queue when proxyId is null, and
     * its state ends with a tombstone.
     */
    public static void released(String accountId, String modelId, Long proxyId) {
        Instant at = Instant.now();
        TestEvents.publish(EventType.ASSIGNMENT_RELEASED, new AssignmentData(accountId, modelId, proxyId, null,
                AssignmentReason.MANUAL, null, at));
        TestEvents.publish(EventType.ASSIGNMENT_ENDED, new AssignmentStateData(accountId, modelId, null, null, at));
        TestEvents.send(new ProducerRecord<>(Topic.ASSIGNMENT_STATE.topicName(), accountId, null));
    }

    public static long provider(String name, String costPerProxy) {
        long id = nextId();
        TestEvents.publish(EventType.PROVIDER_CREATED, new ProviderData(id, name, ServiceType.DATACENTER,
                new BigDecimal(costPerProxy), "EUR", "ops@example.com", ProviderStatus.ACTIVE, 1L));
        return id;
    }

    /** {@code GET /api/status} with these query parameters. */
    public static JsonPath status(Map<String, ?> query) {
        return given().queryParams(query).get("/api/status").then().statusCode(200).extract().jsonPath();
    }

    /** Waits until the status of one location satisfies the condition, and returns it. */
    public static JsonPath awaitStatus(String location, Predicate<JsonPath> condition) {
        JsonPath[] last = new JsonPath[1];
        // a condition on a proxy that has not arrived yet throws (no such element): not yet, not a failure
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).ignoreExceptions()
                .until(() -> condition.test(last[0] = status(Map.of("location", location))));
        return last[0];
    }

    /** Waits until a location shows this many proxies. */
    public static JsonPath awaitProxies(String location, int count) {
        return awaitStatus(location, s -> s.getList("proxies").size() == count);
    }
}
