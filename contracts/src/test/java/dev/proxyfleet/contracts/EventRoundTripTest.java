package dev.proxyfleet.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** What a producer writes is what a consumer reads, in the shape CONTRACT.md promises. */
class EventRoundTripTest {

    /** The JSON field names of CONTRACT.md ("Event data"), written out so that renaming a component fails here. */
    private static final Map<Class<? extends EventData>, Set<String>> CONTRACT_FIELDS = Map.ofEntries(
            Map.entry(ProxyData.class, Set.of("id", "host", "port", "protocol", "username", "passwordCiphertext", "keyId",
                    "providerId", "location", "labels", "priority", "enabled", "maxAccounts", "maxKeys", "vpsId",
                    "version", "updatedAt")),
            Map.entry(ProviderData.class, Set.of("id", "name", "serviceType", "monthlyCostPerProxy", "currency",
                    "contactEmail", "status", "version")),
            Map.entry(AccountData.class, Set.of("accountId", "modelId", "vpsId", "reason")),
            Map.entry(AssignmentData.class, Set.of("accountId", "modelId", "proxyId", "previousProxyId", "reason",
                    "proxyAccountCount", "at")),
            Map.entry(HealthData.class, Set.of("proxyId", "from", "to", "latencyMs", "consecutiveFailures", "score", "error",
                    "at", "providerOutage", "exitIp", "exitIpChangedAt")),
            Map.entry(UsageData.class, Set.of("proxyId", "accountId", "outcome", "latencyMs", "error", "at")),
            Map.entry(ApiKeyData.class, Set.of("id", "proxyId", "name", "pool", "secretCiphertext", "keyId", "version")),
            Map.entry(AssignmentStateData.class, Set.of("accountId", "modelId", "vpsId", "proxyId", "at")),
            Map.entry(HealthStateData.class, Set.of("proxyId", "state", "latencyMs", "consecutiveFailures", "score", "error", "at",
                    "exitIp", "exitIpChangedAt")),
            Map.entry(SettingsData.class, Set.of("proxySystemEnabled", "healthCheckIntervalMs", "healthCheckTimeoutMs", "fall",
                    "rise", "autoDisable", "fallbackToDirect", "defaultStrategy", "minScore", "outageThreshold",
                    "outageEndThreshold", "outageMinProxies", "exitIpChangeMovesAccounts", "version", "changedBy",
                    "changedAt")),
            Map.entry(ProviderOutageData.class, Set.of("providerId", "failedShare", "at")),
            Map.entry(EgressData.class, Set.of("failedShare", "at")),
            Map.entry(ExitIpData.class, Set.of("proxyId", "previousExitIp", "exitIp", "at")));

    @ParameterizedTest
    @EnumSource(EventType.class)
    void readsBackTheEventItWrote(EventType type) {
        CloudEvent<EventData> sent = CloudEvent.create(type, "/test", Samples.of(type));
        ProducerRecord<String, byte[]> record = sent.toProducerRecord();

        CloudEvent<EventData> received = CloudEvent.fromKafka(record.headers(), record.value());

        assertThat(received.id()).isEqualTo(sent.id());
        assertThat(received.type()).isEqualTo(type);
        assertThat(received.source()).isEqualTo("/test");
        assertThat(received.time()).isEqualTo(sent.time());
        assertThat(received.data()).isEqualTo(Samples.of(type));
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void publishesOnTheTopicOfItsTypeKeyedByEntityId(EventType type) {
        ProducerRecord<String, byte[]> record = Samples.record(type);

        assertThat(record.topic()).isEqualTo(type.topic().topicName());
        assertThat(record.key()).isEqualTo(Samples.of(type).key());
        assertThat(record.partition()).as("partition is chosen by key").isNull();
    }

    @Test
    void keysAnApiKeyByItsProxyFirstSoThatOneProxysKeysShareAPartition() {
        assertThat(Samples.API_KEY.key()).isEqualTo("42/3");
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void writesCloudEventsBinaryModeHeadersOnce(EventType type) {
        CloudEvent<EventData> event = CloudEvent.create(type, "/test", Samples.of(type));
        ProducerRecord<String, byte[]> record = event.toProducerRecord();

        assertThat(header(record, "ce_specversion")).isEqualTo("1.0");
        assertThat(header(record, "ce_id")).isEqualTo(event.id().toString());
        assertThat(UUID.fromString(header(record, "ce_id"))).isEqualTo(event.id());
        assertThat(header(record, "ce_type")).isEqualTo(type.ceType());
        assertThat(header(record, "ce_source")).isEqualTo("/test");
        assertThat(header(record, "ce_time")).matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?Z");
        assertThat(Instant.parse(header(record, "ce_time"))).isEqualTo(event.time());
        assertThat(header(record, "content-type")).isEqualTo("application/json");
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void writesExactlyTheContractsFieldNames(EventType type) {
        ObjectNode json = Samples.tree(Samples.record(type).value());

        assertThat(json.fieldNames()).toIterable()
                .containsExactlyInAnyOrderElementsOf(CONTRACT_FIELDS.get(type.dataType()));
        assertThat(json.properties()).as("the samples set every field")
                .allSatisfy(field -> assertThat(field.getValue().isNull()).as(field.getKey()).isFalse());
    }

    @Test
    void writesEnumsInContext() {
        assertThat(encoded(Samples.PROXY).get("protocol").asText()).isEqualTo("SOCKS5");
        assertThat(encoded(Samples.PROVIDER).get("serviceType").asText()).isEqualTo("residential");
        assertThat(encoded(Samples.PROVIDER).get("status").asText()).isEqualTo("suspended");
        assertThat(encoded(Samples.ASSIGNMENT).get("reason").asText()).isEqualTo("no_capacity");
        assertThat(encoded(Samples.HEALTH).get("from").asText()).isEqualTo("degraded");
        assertThat(encoded(Samples.HEALTH).get("to").asText()).isEqualTo("healthy");
        assertThat(encoded(Samples.USAGE).get("outcome").asText()).isEqualTo("failure");
    }

    static Stream<Arguments> contractEnums() {
        return Stream.of(
                arguments(Protocol.class, List.of("HTTP", "HTTPS", "SOCKS5")),
                arguments(ServiceType.class, List.of("residential", "datacenter", "mobile", "isp")),
                arguments(ProviderStatus.class, List.of("active", "inactive", "suspended")),
                arguments(AssignmentReason.class, List.of("automatic", "manual", "account_deleted",
                        "account_invalid", "proxy_deleted", "proxy_disabled", "proxy_failed", "model_changed",
                        "no_capacity", "exit_ip_conflict", "exit_ip_changed")),
                arguments(HealthState.class, List.of("unknown", "healthy", "degraded", "failed")),
                arguments(UsageOutcome.class, List.of("success", "failure")));
    }

    @ParameterizedTest
    @MethodSource("contractEnums")
    void mapsEveryEnumConstantToItsContractWireValueAndBack(Class<? extends Enum<?>> type, List<String> wire) {
        assertThat(Samples.wireValues(type)).containsExactlyElementsOf(wire);
        for (Enum<?> constant : type.getEnumConstants()) {
            TextNode onTheWire = TextNode.valueOf(Samples.wireValue(constant));
            assertThat(Samples.JSON.convertValue(onTheWire, type)).isEqualTo(constant);
        }
    }

    @Test
    void writesTimestampsAsIso8601Strings() {
        assertThat(encoded(Samples.PROXY).get("updatedAt").asText()).isEqualTo("2025-03-14T09:26:53.589793238Z");
        assertThat(encoded(Samples.HEALTH).get("at").asText()).isEqualTo("2025-03-14T09:26:53.589793238Z");
    }

    @Test
    void writesMonthlyCostAsDecimalString() {
        JsonNode cost = encoded(Samples.PROVIDER).get("monthlyCostPerProxy");

        assertThat(cost.isTextual()).as("%s is a JSON string", cost).isTrue();
        assertThat(cost.asText()).isEqualTo("12.50");
    }

    @Test
    void writesMonthlyCostWithoutExponent() {
        ProviderData provider = new ProviderData(7L, "Example", null, new BigDecimal("1000").stripTrailingZeros(), null,
                null, null, 1L);

        assertThat(encoded(provider).get("monthlyCostPerProxy").asText()).isEqualTo("1000");
    }

    @Test
    void acceptsMonthlyCostAsJsonNumber() {
        byte[] decimal = Samples.jsonWith(EventType.PROVIDER_UPDATED,
                json -> json.put("monthlyCostPerProxy", new BigDecimal("12.50")));
        byte[] integral = Samples.jsonWith(EventType.PROVIDER_UPDATED, json -> json.put("monthlyCostPerProxy", 12));

        assertThat(EventCodec.decode(decimal, ProviderData.class)).isEqualTo(Samples.PROVIDER);
        assertThat(EventCodec.decode(integral, ProviderData.class).monthlyCostPerProxy())
                .isEqualByComparingTo("12");
    }

    @Test
    void writesAndReadsNullOptionalFields() {
        AssignmentData pending = new AssignmentData("acc-0002", "model-b", null, null, AssignmentReason.NO_CAPACITY,
                null, Samples.AT);
        CloudEvent<AssignmentData> sent = CloudEvent.create(EventType.ASSIGNMENT_PENDING, "/test", pending);
        ProducerRecord<String, byte[]> record = sent.toProducerRecord();

        assertThat(Samples.tree(record.value()).get("proxyId").isNull()).isTrue();
        assertThat(CloudEvent.fromKafka(record.headers(), record.value()).data()).isEqualTo(pending);
    }

    @Test
    void refusesToCreateAnEventWithDataOfAnotherType() {
        assertThatThrownBy(() -> CloudEvent.create(EventType.PROXY_CREATED, "/test", Samples.ACCOUNT))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("proxy.created")
                .hasMessageContaining("ProxyData");
    }

    private static ObjectNode encoded(EventData data) {
        return Samples.tree(EventCodec.encode(data));
    }

    private static String header(ProducerRecord<String, byte[]> record, String name) {
        assertThat(record.headers().headers(name)).as("header %s", name).hasSize(1);
        Header header = record.headers().lastHeader(name);
        return new String(header.value(), StandardCharsets.UTF_8);
    }
}
