package dev.proxyfleet.contracts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Shared fixtures: one sample per event data record with every field set to a non-null value that differs from
 * the field's default, so that a round trip cannot pass by falling back on defaults.
 */
final class Samples {

    static final Instant AT = Instant.parse("2025-03-14T09:26:53.589793238Z");

    static final ProxyData PROXY = new ProxyData(42L, "proxy-1.example.net", 1080, Protocol.SOCKS5, "alice",
            "bm9uY2UAAAAAAGNpcGhlcnRleHQ=", "key-2025-01", 7L, "DE-Frankfurt", List.of("fast", "eu"), 2, false, 5, 4,
            9L, 4L, AT);

    static final ProviderData PROVIDER = new ProviderData(7L, "Example Proxies Ltd", ServiceType.RESIDENTIAL,
            new BigDecimal("12.50"), "EUR", "ops@example.net", ProviderStatus.SUSPENDED, 3L);

    static final AccountData ACCOUNT = new AccountData("acc-0001", "model-a", 9L, "password rotated");

    static final AssignmentData ASSIGNMENT = new AssignmentData("acc-0001", "model-a", 42L, 41L,
            AssignmentReason.NO_CAPACITY, 2, AT);

    static final HealthData HEALTH = new HealthData(42L, HealthState.DEGRADED, HealthState.HEALTHY, 187L, 1, 93,
            "connect timed out", AT, true, "203.0.113.7", AT.minusSeconds(3600));

    static final UsageData USAGE = new UsageData(42L, "acc-0001", UsageOutcome.FAILURE, 950L, "HTTP 407", AT);

    static final ApiKeyData API_KEY = new ApiKeyData(3L, 42L, "search-api-1", "search-api",
            "v2:bm9uY2UAAAAAAGNpcGhlcnRleHQ=", "key-2025-01", 2L);

    static final AssignmentStateData ASSIGNMENT_STATE = new AssignmentStateData("acc-0001", "model-a", 3L, 42L, AT);

    static final HealthStateData HEALTH_STATE = new HealthStateData(42L, HealthState.HEALTHY, 187L, 1, 93,
            "connect timed out", AT, "203.0.113.7", AT.minusSeconds(3600));

    static final SettingsData SETTINGS = new SettingsData(false, 15_000L, 2_000L, 4, 3, true, false, "round-robin", 40,
            0.6, 0.2, 3, true, 6L, "ops-admin", AT);

    static final ProviderOutageData PROVIDER_OUTAGE = new ProviderOutageData(7L, 0.8, AT);

    static final EgressData EGRESS = new EgressData(0.95, AT);

    static final ExitIpData EXIT_IP = new ExitIpData(42L, "203.0.113.7", "2001:db8::17", AT);

    /** A plain mapper for reading what the codec wrote; enums map through their own annotations. */
    static final ObjectMapper JSON = new ObjectMapper();

    private static final Map<Class<? extends EventData>, EventData> BY_TYPE = Map.ofEntries(
            Map.entry(ProxyData.class, PROXY),
            Map.entry(ProviderData.class, PROVIDER),
            Map.entry(AccountData.class, ACCOUNT),
            Map.entry(AssignmentData.class, ASSIGNMENT),
            Map.entry(HealthData.class, HEALTH),
            Map.entry(UsageData.class, USAGE),
            Map.entry(ApiKeyData.class, API_KEY),
            Map.entry(AssignmentStateData.class, ASSIGNMENT_STATE),
            Map.entry(HealthStateData.class, HEALTH_STATE),
            Map.entry(SettingsData.class, SETTINGS),
            Map.entry(ProviderOutageData.class, PROVIDER_OUTAGE),
            Map.entry(EgressData.class, EGRESS),
            Map.entry(ExitIpData.class, EXIT_IP));

    private Samples() {
    }

    /** The sample of a data record. */
    static EventData of(Class<? extends EventData> dataType) {
        EventData sample = BY_TYPE.get(dataType);
        if (sample == null) {
            throw new IllegalArgumentException("no sample for " + dataType.getSimpleName() + ": add one to Samples");
        }
        return sample;
    }

    /** The sample of the record an event type carries. */
    static EventData of(EventType type) {
        return of(type.dataType());
    }

    /** The Kafka record a producer would send for the sample of this event type. */
    static ProducerRecord<String, byte[]> record(EventType type) {
        return CloudEvent.create(type, "/test", of(type)).toProducerRecord();
    }

    /** The JSON object of encoded event data. */
    static ObjectNode tree(byte[] json) {
        try {
            return (ObjectNode) JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The sample of this event type as JSON, changed by {@code edit}. */
    static byte[] jsonWith(EventType type, Consumer<ObjectNode> edit) {
        ObjectNode json = tree(EventCodec.encode(of(type)));
        edit.accept(json);
        try {
            return JSON.writeValueAsBytes(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The wire value of every constant of an enum, in declaration order. */
    static List<String> wireValues(Class<? extends Enum<?>> enumType) {
        return Arrays.stream(enumType.getEnumConstants()).map(Samples::wireValue).toList();
    }

    static String wireValue(Enum<?> constant) {
        JsonNode node = JSON.valueToTree(constant);
        return node.asText();
    }
}
