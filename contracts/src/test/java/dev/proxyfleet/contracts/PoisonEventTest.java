package dev.proxyfleet.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Records that break the contract are rejected with a {@link PoisonEventException} whose message is the reason a
 * consumer writes into the dead-letter record; records that merely carry more than this version knows are read.
 */
class PoisonEventTest {

    // ---- headers ----

    @ParameterizedTest
    @ValueSource(strings = {"ce_specversion", "ce_id", "ce_type", "ce_source", "ce_time"})
    void rejectsRecordMissingACloudEventsHeader(String header) {
        ProducerRecord<String, byte[]> record = proxyRecord();
        record.headers().remove(header);

        assertPoison(record).hasMessage("missing header " + header);
    }

    @Test
    void rejectsRecordWithUnknownType() {
        ProducerRecord<String, byte[]> record = withHeader(proxyRecord(), "ce_type", "proxy.exploded");

        assertPoison(record).hasMessage("unknown ce_type 'proxy.exploded'");
    }

    @Test
    void rejectsRecordWithMalformedId() {
        ProducerRecord<String, byte[]> record = withHeader(proxyRecord(), "ce_id", "not-a-uuid");

        assertPoison(record).hasMessageContaining("malformed ce_id").hasMessageContaining("not-a-uuid");
    }

    @Test
    void rejectsRecordWithMalformedTime() {
        ProducerRecord<String, byte[]> record = withHeader(proxyRecord(), "ce_time", "yesterday");

        assertPoison(record).hasMessageContaining("ce_time").hasMessageContaining("yesterday");
    }

    @Test
    void rejectsRecordWithOtherSpecVersion() {
        ProducerRecord<String, byte[]> record = withHeader(proxyRecord(), "ce_specversion", "0.3");

        assertPoison(record).hasMessage("unsupported ce_specversion '0.3'");
    }

    // ---- value ----

    @Test
    void rejectsMalformedJson() {
        assertPoison(proxyRecordWithValue("{\"id\": 42,")).hasMessageStartingWith("malformed JSON: ");
    }

    @Test
    void rejectsValueThatIsNotJson() {
        assertPoison(proxyRecordWithValue("host:port")).hasMessageStartingWith("malformed JSON: ");
    }

    @Test
    void rejectsEmptyValue() {
        assertPoison(proxyRecordWithValue("")).hasMessage("empty value");
    }

    @Test
    void rejectsNullValueSuchAsATombstone() {
        ProducerRecord<String, byte[]> record = proxyRecord();

        assertThatThrownBy(() -> CloudEvent.fromKafka(record.headers(), null))
                .isInstanceOf(PoisonEventException.class)
                .hasMessage("empty value");
    }

    @ParameterizedTest
    @ValueSource(strings = {"[]", "\"proxy\"", "42", "   "})
    void rejectsJsonThatIsNotAnObject(String value) {
        assertPoison(proxyRecordWithValue(value)).hasMessageStartingWith("invalid ProxyData: ");
    }

    @Test
    void rejectsJsonNull() {
        assertPoison(proxyRecordWithValue("null")).hasMessageStartingWith("invalid ProxyData: ");
    }

    @Test
    void rejectsDataOfAnotherRecordType() {
        ProducerRecord<String, byte[]> record = proxyRecordWithValue(new String(EventCodec.encode(Samples.ACCOUNT),
                StandardCharsets.UTF_8));

        assertPoison(record).hasMessage("invalid ProxyData: missing field 'id'");
    }

    // ---- fields ----

    /** Every field the contract cannot do without, per event data record. */
    static Stream<Arguments> requiredFields() {
        return Stream.of(
                required(EventType.PROXY_CREATED, "id", "host", "port", "protocol", "version", "updatedAt"),
                required(EventType.PROVIDER_CREATED, "id", "name", "version"),
                required(EventType.ACCOUNT_CREATED, "accountId"),
                required(EventType.ASSIGNMENT_ASSIGNED, "accountId", "reason", "at"),
                required(EventType.PROXY_PROBED, "proxyId", "from", "to", "at"),
                required(EventType.PROXY_USED, "proxyId", "outcome", "at"),
                required(EventType.ASSIGNMENT_STATE, "accountId", "modelId", "at"),
                required(EventType.PROXY_HEALTH_STATE, "proxyId", "state", "at"),
                required(EventType.SETTINGS_CHANGED, "version", "changedBy", "changedAt"),
                required(EventType.PROXY_EXIT_IP_CHANGED, "proxyId", "exitIp", "at"))
                .flatMap(s -> s);
    }

    private static Stream<Arguments> required(EventType type, String... fields) {
        return Stream.of(fields).map(field -> arguments(type, field));
    }

    @ParameterizedTest(name = "{0} without {1}")
    @MethodSource("requiredFields")
    void rejectsDataWithoutARequiredField(EventType type, String field) {
        ProducerRecord<String, byte[]> record = editedRecord(type, json -> json.remove(field));

        assertPoison(record).hasMessage("invalid %s: missing field '%s'", type.dataType().getSimpleName(), field);
    }

    @ParameterizedTest(name = "{0} with {1}: null")
    @MethodSource("requiredFields")
    void rejectsDataWithARequiredFieldSetToNull(EventType type, String field) {
        ProducerRecord<String, byte[]> record = editedRecord(type, json -> json.putNull(field));

        assertPoison(record).hasMessage("invalid %s: missing field '%s'", type.dataType().getSimpleName(), field);
    }

    static Stream<Arguments> wrongTypes() {
        return Stream.of(
                arguments(EventType.PROXY_CREATED, "port", "abc", List.of("Integer", "\"abc\"")),
                arguments(EventType.PROXY_UPDATED, "enabled", "maybe", List.of("Boolean", "\"maybe\"")),
                arguments(EventType.PROXY_UPDATED, "protocol", "FTP", List.of("Protocol", "\"FTP\"", "SOCKS5")),
                arguments(EventType.PROXY_UPDATED, "updatedAt", "yesterday", List.of("Instant", "\"yesterday\"")),
                arguments(EventType.PROVIDER_UPDATED, "monthlyCostPerProxy", "cheap", List.of("BigDecimal", "\"cheap\"")),
                arguments(EventType.ASSIGNMENT_ASSIGNED, "reason", "bored", List.of("AssignmentReason", "\"bored\"")),
                arguments(EventType.PROXY_HEALTH_CHANGED, "to", "sick", List.of("HealthState", "\"sick\"")),
                arguments(EventType.PROXY_USED, "latencyMs", "slow", List.of("Long", "\"slow\"")));
    }

    @ParameterizedTest(name = "{0} with {1}: \"{2}\"")
    @MethodSource("wrongTypes")
    void rejectsFieldOfTheWrongType(EventType type, String field, String value, List<String> messageParts) {
        ProducerRecord<String, byte[]> record = editedRecord(type, json -> json.put(field, value));

        assertPoison(record)
                .hasMessageStartingWith("invalid " + type.dataType().getSimpleName() + " at '" + field + "': ")
                .hasMessageContainingAll(messageParts.toArray(String[]::new));
    }

    static Stream<Arguments> invalidIds() {
        String tooLong = "a".repeat(EventData.MAX_ID_LENGTH + 1);
        return Stream.of(
                arguments("modelId", "m\u0000x", "must not contain control characters"),
                arguments("modelId", "", "must have 1 to 200 characters"),
                arguments("modelId", tooLong, "must have 1 to 200 characters"),
                arguments("accountId", "acc\n1", "must not contain control characters"),
                arguments("accountId", "", "must have 1 to 200 characters"),
                arguments("accountId", tooLong, "must have 1 to 200 characters"));
    }

    @ParameterizedTest(name = "{0}: {2}")
    @MethodSource("invalidIds")
    void rejectsAccountAndModelIdsThatNoDatabaseOrPageShouldHold(String field, String value, String reason) {
        ProducerRecord<String, byte[]> record = editedRecord(EventType.ACCOUNT_CREATED, json -> json.put(field, value));

        assertPoison(record).hasMessageContainingAll("'" + field + "'", reason);
    }

    static Stream<Arguments> settingsOutOfBounds() {
        return Stream.of(
                arguments("fall", 0, "'fall' must be between 1 and 10"),
                arguments("fall", 11, "'fall' must be between 1 and 10"),
                arguments("rise", 0, "'rise' must be between 1 and 10"),
                arguments("healthCheckIntervalMs", 999, "'healthCheckIntervalMs' must be between 1000 and 3600000"),
                arguments("healthCheckTimeoutMs", 60_001, "'healthCheckTimeoutMs' must be between 100 and 60000"),
                arguments("minScore", 101, "'minScore' must be between 0 and 100"),
                arguments("defaultStrategy", "fastest", "'defaultStrategy' must be one of"));
    }

    /** A setting no service could apply is never half-applied: the record is poison, like a missing field. */
    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("settingsOutOfBounds")
    void rejectsSettingsOutsideTheirBounds(String field, Object value, String reason) {
        ProducerRecord<String, byte[]> record = editedRecord(EventType.SETTINGS_CHANGED, json -> json.putPOJO(field, value));

        assertPoison(record).hasMessageContaining(reason);
    }

    /** A provider's or our egress's failed share is a share: from 0 to 1. */
    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("sharesOutOfBounds")
    void rejectsFailedSharesOutsideZeroToOne(EventType type, double share) {
        ProducerRecord<String, byte[]> record = editedRecord(type, json -> json.put("failedShare", share));

        assertPoison(record).hasMessageContaining("'failedShare' must be between 0 and 1");
    }

    static Stream<Arguments> sharesOutOfBounds() {
        return Stream.of(arguments(EventType.PROVIDER_OUTAGE_STARTED, 1.5), arguments(EventType.PROVIDER_OUTAGE_ENDED, -0.1),
                arguments(EventType.EGRESS_DOWN, 1.01));
    }

    /** An exit IP reaches databases and pages: only an address literal is one. */
    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("notAddresses")
    void rejectsExitIpsThatAreNoAddress(EventType type, String field, String value) {
        ProducerRecord<String, byte[]> record = editedRecord(type, json -> json.put(field, value));

        assertPoison(record).hasMessageContaining("'" + field + "' must be an IP address");
    }

    static Stream<Arguments> notAddresses() {
        return Stream.of(arguments(EventType.PROXY_EXIT_IP_CHANGED, "exitIp", "proxy.example.com"),
                arguments(EventType.PROXY_EXIT_IP_CHANGED, "previousExitIp", "<script>"),
                arguments(EventType.PROXY_HEALTH_CHANGED, "exitIp", "1.2.3.4; DROP TABLE proxy"),
                arguments(EventType.PROXY_HEALTH_STATE, "exitIp", "f".repeat(46)));
    }

    @Test
    void leavesUnchangedSettingsAbsent() {
        ProducerRecord<String, byte[]> record = editedRecord(EventType.SETTINGS_CHANGED, json -> json.remove("fall"));

        assertThat(((SettingsData) CloudEvent.fromKafka(record.headers(), record.value()).data()).fall()).isNull();
    }

    @Test
    void acceptsIdsAtTheLengthLimit() {
        String longest = "m".repeat(EventData.MAX_ID_LENGTH);
        ProducerRecord<String, byte[]> record = editedRecord(EventType.ACCOUNT_CREATED, json -> json.put("modelId", longest));

        assertThat(((AccountData) CloudEvent.fromKafka(record.headers(), record.value()).data()).modelId()).isEqualTo(longest);
    }

    @Test
    void rejectsLabelsThatAreNotAnArray() {
        ProducerRecord<String, byte[]> record = editedRecord(EventType.PROXY_CREATED, json -> json.put("labels", "fast"));

        assertPoison(record).hasMessageStartingWith("invalid ProxyData at 'labels': ").hasMessageContaining("'fast'");
    }

    @Test
    void rejectsFractionalPort() {
        ProducerRecord<String, byte[]> record = editedRecord(EventType.PROXY_CREATED, json -> json.put("port", 1.5));

        assertPoison(record).hasMessageStartingWith("invalid ProxyData at 'port': ");
    }

    // ---- forward compatibility and defaults ----

    @Test
    void ignoresFieldsItDoesNotKnow() {
        ProducerRecord<String, byte[]> record = editedRecord(EventType.PROXY_UPDATED, json -> {
            json.put("region", "eu-central");
            json.putObject("sla").put("uptime", 99.9);
            json.putArray("tags").add("new");
        });

        assertThat(CloudEvent.fromKafka(record.headers(), record.value()).data()).isEqualTo(Samples.PROXY);
    }

    @Test
    void appliesProxyDefaultsWhenFieldsAreAbsent() {
        ProxyData proxy = decodeProxy(json -> json.remove(List.of("maxAccounts", "enabled", "priority", "labels")));

        assertProxyDefaults(proxy);
    }

    @Test
    void appliesProxyDefaultsWhenFieldsAreNull() {
        ProxyData proxy = decodeProxy(json -> List.of("maxAccounts", "enabled", "priority", "labels")
                .forEach(json::putNull));

        assertProxyDefaults(proxy);
    }

    @Test
    void countsNoConsecutiveFailuresWhenAbsent() {
        ProducerRecord<String, byte[]> record = editedRecord(EventType.PROXY_PROBED,
                json -> json.remove("consecutiveFailures"));

        HealthData health = (HealthData) CloudEvent.fromKafka(record.headers(), record.value()).data();

        assertThat(health.consecutiveFailures()).isZero();
    }

    @Test
    void readsAHealthEventWrittenBeforeProviderOutagesAsNoOutage() {
        ProducerRecord<String, byte[]> record = editedRecord(EventType.PROXY_HEALTH_CHANGED,
                json -> json.remove("providerOutage"));

        HealthData health = (HealthData) CloudEvent.fromKafka(record.headers(), record.value()).data();

        assertThat(health.providerOutage()).isFalse();
    }

    @Test
    void readsAHealthStateWrittenBeforeExitIpsAsExitIpUnknown() {
        ProducerRecord<String, byte[]> record = editedRecord(EventType.PROXY_HEALTH_STATE, json -> {
            json.remove("exitIp");
            json.remove("exitIpChangedAt");
        });

        HealthStateData health = (HealthStateData) CloudEvent.fromKafka(record.headers(), record.value()).data();

        assertThat(health.exitIp()).isNull();
        assertThat(health.exitIpChangedAt()).isNull();
        assertThat(health.state()).isEqualTo(HealthState.HEALTHY);
    }

    private static void assertProxyDefaults(ProxyData proxy) {
        assertThat(proxy.maxAccounts()).isEqualTo(ProxyData.DEFAULT_MAX_ACCOUNTS).isEqualTo(3);
        assertThat(proxy.enabled()).isTrue();
        assertThat(proxy.priority()).isZero();
        assertThat(proxy.labels()).isEmpty();
    }

    // ---- helpers ----

    private static ProxyData decodeProxy(Consumer<ObjectNode> edit) {
        ProducerRecord<String, byte[]> record = editedRecord(EventType.PROXY_CREATED, edit);
        return (ProxyData) CloudEvent.fromKafka(record.headers(), record.value()).data();
    }

    private static AbstractThrowableAssert<?, ? extends Throwable> assertPoison(ProducerRecord<String, byte[]> record) {
        return assertThatThrownBy(() -> CloudEvent.fromKafka(record.headers(), record.value()))
                .isInstanceOf(PoisonEventException.class);
    }

    private static ProducerRecord<String, byte[]> proxyRecord() {
        return Samples.record(EventType.PROXY_CREATED);
    }

    private static ProducerRecord<String, byte[]> proxyRecordWithValue(String value) {
        return withValue(proxyRecord(), value.getBytes(StandardCharsets.UTF_8));
    }

    /** A valid record of this type whose JSON value was changed by {@code edit}. */
    private static ProducerRecord<String, byte[]> editedRecord(EventType type, Consumer<ObjectNode> edit) {
        return withValue(Samples.record(type), Samples.jsonWith(type, edit));
    }

    private static ProducerRecord<String, byte[]> withValue(ProducerRecord<String, byte[]> record, byte[] value) {
        return new ProducerRecord<>(record.topic(), null, record.key(), value, record.headers());
    }

    private static ProducerRecord<String, byte[]> withHeader(ProducerRecord<String, byte[]> record, String name,
            String value) {
        Headers headers = record.headers();
        headers.remove(name);
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
        return record;
    }
}
