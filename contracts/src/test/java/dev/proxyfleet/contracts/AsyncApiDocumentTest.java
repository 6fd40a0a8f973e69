package dev.proxyfleet.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code docs/asyncapi.yaml} describes exactly what the code writes and reads: its topics, event types, headers and
 * the fields of every data record, with their types, required fields, defaults and enum values taken from the
 * code by reflection. Adding a topic, an event type or a record field without documenting it fails here.
 */
class AsyncApiDocumentTest {

    /** The message every dead-letter channel carries. */
    private static final String DEAD_LETTER = "dead-letter";

    private static final List<String> CLOUD_EVENTS_HEADERS = List.of(CloudEvent.HEADER_SPEC_VERSION,
            CloudEvent.HEADER_ID, CloudEvent.HEADER_TYPE, CloudEvent.HEADER_SOURCE, CloudEvent.HEADER_TIME,
            CloudEvent.HEADER_CONTENT_TYPE);

    private static JsonNode doc;

    @BeforeAll
    static void loadDocument() throws IOException {
        doc = new ObjectMapper(new YAMLFactory()).readTree(documentPath().toFile());
    }

    /** {@code docs/asyncapi.yaml} beside the contracts module, whether tests run in the module or the repo root. */
    private static Path documentPath() {
        Path dir = Path.of(System.getProperty("basedir", System.getProperty("user.dir"))).toAbsolutePath();
        Path beside = dir.resolve("../docs/asyncapi.yaml").normalize();
        return Files.exists(beside) ? beside : dir.resolve("docs/asyncapi.yaml");
    }

    // ---- the document as a whole ----

    @Test
    void isAnAsyncApi3DocumentOfJsonMessages() {
        assertThat(doc.path("asyncapi").asText()).startsWith("3.0.");
        assertThat(doc.path("info").path("title").asText()).isNotBlank();
        assertThat(doc.path("defaultContentType").asText()).isEqualTo(CloudEvent.CONTENT_TYPE);
    }

    @Test
    void resolvesEveryReference() {
        List<String> refs = new ArrayList<>();
        collectRefs(doc, refs);

        assertThat(refs).isNotEmpty().allSatisfy(ref -> {
            assertThat(ref).startsWith("#/");
            assertThat(doc.at(ref.substring(1)).isMissingNode()).as("%s resolves", ref).isFalse();
        });
    }

    // ---- channels ----

    @ParameterizedTest
    @EnumSource(Topic.class)
    void describesEveryTopicAtItsAddressWithItsCleanupPolicy(Topic topic) {
        assertTopicChannel(channel(topic.topicName()), topic.topicName(), topic.cleanupPolicy().config());
    }

    @ParameterizedTest
    @EnumSource(Topic.class)
    void carriesExactlyTheEventTypesOfItsTopic(Topic topic) {
        JsonNode messages = channel(topic.topicName()).path("messages");
        Set<String> ceTypes = Arrays.stream(EventType.values())
                .filter(type -> type.topic() == topic)
                .map(EventType::ceType)
                .collect(Collectors.toSet());

        assertThat(fieldNames(messages)).containsExactlyInAnyOrderElementsOf(ceTypes);
        assertThat(elements(messages).map(message -> resolve(message).path("name").asText()))
                .containsExactlyInAnyOrderElementsOf(ceTypes);
    }

    @ParameterizedTest
    @EnumSource(Topic.class)
    void describesTheDeadLetterTopicOfEveryTopic(Topic topic) {
        JsonNode channel = channel(topic.dlqName());

        assertTopicChannel(channel, topic.dlqName(), Topic.CleanupPolicy.DELETE.config());
        assertThat(elements(channel.path("messages")).map(AsyncApiDocumentTest::resolve))
                .containsExactly(message(DEAD_LETTER));
    }

    @Test
    void hasNoChannelTheCodeDoesNotKnow() {
        List<String> known = Arrays.stream(Topic.values())
                .flatMap(topic -> Stream.of(topic.topicName(), topic.dlqName()))
                .toList();

        assertThat(elements(doc.path("channels")).map(channel -> channel.path("address").asText()))
                .containsExactlyInAnyOrderElementsOf(known);
    }

    // ---- messages ----

    @Test
    void hasNoMessageTheCodeDoesNotKnow() {
        List<String> known = Stream.concat(Arrays.stream(EventType.values()).map(EventType::ceType),
                Stream.of(DEAD_LETTER)).toList();

        assertThat(fieldNames(doc.path("components").path("messages"))).containsExactlyInAnyOrderElementsOf(known);
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void namesEveryMessageByItsCeTypeAndKeysItByAString(EventType type) {
        JsonNode message = message(type.ceType());

        assertThat(message.path("name").asText()).isEqualTo(type.ceType());
        assertThat(message.at("/bindings/kafka/key/type").asText()).isEqualTo("string");
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void declaresTheCloudEventsHeadersOfEveryMessage(EventType type) {
        ObjectNode headers = flatten(message(type.ceType()).path("headers"));
        JsonNode properties = headers.path("properties");

        assertThat(textValues(headers.path("required"))).containsExactlyInAnyOrderElementsOf(CLOUD_EVENTS_HEADERS);
        assertThat(fieldNames(properties)).containsExactlyInAnyOrderElementsOf(CLOUD_EVENTS_HEADERS);
        assertThat(properties.path(CloudEvent.HEADER_SPEC_VERSION).path("const").asText())
                .isEqualTo(CloudEvent.SPEC_VERSION);
        assertThat(properties.path(CloudEvent.HEADER_ID).path("format").asText()).isEqualTo("uuid");
        assertThat(properties.path(CloudEvent.HEADER_TYPE).path("const").asText()).isEqualTo(type.ceType());
        assertThat(properties.path(CloudEvent.HEADER_TIME).path("format").asText()).isEqualTo("date-time");
        assertThat(properties.path(CloudEvent.HEADER_CONTENT_TYPE).path("const").asText())
                .isEqualTo(CloudEvent.CONTENT_TYPE);
    }

    @Test
    void putsTheReasonOfEveryDeadLetterInAHeader() {
        JsonNode headers = message(DEAD_LETTER).path("headers");

        assertThat(textValues(headers.path("required"))).contains("dead-letter-reason");
        assertThat(headers.at("/properties/dead-letter-reason/type").asText()).isEqualTo("string");
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void carriesTheSchemaOfItsDataRecordAsPayload(EventType type) {
        assertThat(message(type.ceType()).path("payload").path("$ref").asText())
                .isEqualTo("#/components/schemas/" + type.dataType().getSimpleName());
    }

    // ---- payload schemas ----

    @ParameterizedTest
    @EnumSource(EventType.class)
    void documentsExactlyTheFieldsOfTheDataRecord(EventType type) {
        JsonNode payload = resolve(message(type.ceType()).path("payload"));

        assertThat(fieldNames(payload.path("properties")))
                .as("documented fields of %s", type.dataType().getSimpleName())
                .containsExactlyInAnyOrderElementsOf(componentNames(type.dataType()));
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void requiresExactlyTheFieldsTheRecordRejectsWhenNull(EventType type) {
        JsonNode payload = resolve(message(type.ceType()).path("payload"));
        List<String> rejectedWhenNull = Arrays.stream(type.dataType().getRecordComponents())
                .filter(component -> nullHandling(type.dataType(), component).required())
                .map(RecordComponent::getName)
                .toList();

        assertThat(textValues(payload.path("required"))).containsExactlyInAnyOrderElementsOf(rejectedWhenNull);
    }

    static Stream<Arguments> dataFields() {
        return dataTypes().flatMap(type -> Arrays.stream(type.getRecordComponents())
                .map(component -> Arguments.of(type, component.getName())));
    }

    @ParameterizedTest(name = "{0}.{1}")
    @MethodSource("dataFields")
    void describesEveryFieldWithItsTypeEnumValuesNullabilityAndDefault(Class<? extends EventData> type, String field)
            throws NoSuchFieldException {
        RecordComponent component = Arrays.stream(type.getRecordComponents())
                .filter(c -> c.getName().equals(field)).findFirst().orElseThrow();
        JsonNode schema = dataSchema(type).path("properties").path(field);
        NullHandling whenNull = nullHandling(type, component);
        Set<String> expectedTypes = new LinkedHashSet<>(jsonTypes(component.getType()));
        if (whenNull.nullable()) {
            expectedTypes.add("null");
        }

        assertThat(schema.isObject()).as("%s is documented", field).isTrue();
        assertThat(schema.path("description").asText()).as("description of %s", field).isNotBlank();
        assertThat(textValues(schema.path("type"))).as("type of %s", field)
                .containsExactlyInAnyOrderElementsOf(expectedTypes);
        jsonFormat(component.getType()).ifPresent(format ->
                assertThat(schema.path("format").asText()).as("format of %s", field).isEqualTo(format));
        assertThat(enumValues(schema)).as("enum of %s", field).isEqualTo(expectedEnum(component, whenNull));
        assertThat(schema.get("default")).as("default of %s", field)
                .isEqualTo(whenNull.defaultValue() == null ? null : Samples.JSON.valueToTree(whenNull.defaultValue()));
        if (List.class.isAssignableFrom(component.getType())) {
            Class<?> element = (Class<?>) ((ParameterizedType) component.getGenericType()).getActualTypeArguments()[0];
            assertThat(textValues(schema.path("items").path("type"))).as("items of %s", field)
                    .containsExactlyInAnyOrderElementsOf(jsonTypes(element));
        }
    }

    @ParameterizedTest
    @MethodSource("dataTypes")
    void givesExamplesThatTheCodecReadsAndWritesBackUnchanged(Class<? extends EventData> type)
            throws JsonProcessingException {
        JsonNode examples = dataSchema(type).path("examples");

        assertThat(examples.isArray() && !examples.isEmpty()).as("%s has examples", type.getSimpleName()).isTrue();
        for (JsonNode example : examples) {
            byte[] json = Samples.JSON.writeValueAsBytes(example);
            EventData decoded = EventCodec.decode(json, type);

            assertThat(fieldNames(example)).containsExactlyInAnyOrderElementsOf(componentNames(type));
            assertThat(Samples.tree(EventCodec.encode(decoded))).isEqualTo(Samples.tree(json));
        }
    }

    // ---- operations ----

    @ParameterizedTest
    @EnumSource(Topic.class)
    void namesWhoSendsEveryEventTypeOfATopicAndWhoReceivesIt(Topic topic) {
        String channelRef = channelRef(topic.topicName());
        List<String> channelMessages = fieldNames(channel(topic.topicName()).path("messages")).stream()
                .map(name -> channelRef + "/messages/" + name)
                .toList();
        Stream<String> sent = operations(channelRef, "send").stream()
                .flatMap(op -> elements(op.path("messages")))
                .map(ref -> ref.path("$ref").asText());

        assertThat(sent).as("messages sent on %s", topic.topicName()).containsAll(channelMessages);
        assertThat(operations(channelRef, "receive")).as("receivers of %s", topic.topicName()).isNotEmpty();
    }

    @ParameterizedTest
    @EnumSource(Topic.class)
    void letsEveryConsumerOfATopicSendToItsDeadLetterTopic(Topic topic) {
        Set<String> consumers = services(operations(channelRef(topic.topicName()), "receive"));
        Set<String> deadLetterSenders = services(operations(channelRef(topic.dlqName()), "send"));

        assertThat(deadLetterSenders).isEqualTo(consumers);
    }

    @Test
    void sendsAndReceivesOnlyMessagesOfTheOperationsChannel() {
        doc.path("operations").properties().forEach(operation -> {
            String channelRef = operation.getValue().path("channel").path("$ref").asText();
            assertThat(elements(operation.getValue().path("messages")).map(ref -> ref.path("$ref").asText()))
                    .as("messages of operation %s", operation.getKey())
                    .isNotEmpty()
                    .allSatisfy(ref -> assertThat(ref).startsWith(channelRef + "/messages/"));
            assertThat(operation.getValue().path("action").asText()).isIn("send", "receive");
        });
    }

    // ---- what the code says about a field ----

    /**
     * What a record's canonical constructor does with a null in one component, the other components taken from
     * the sample: a required field rejects it, a field with a default replaces it, any other field keeps it.
     */
    private record NullHandling(boolean required, Object defaultValue) {

        boolean nullable() {
            return !required && defaultValue == null;
        }
    }

    private static NullHandling nullHandling(Class<? extends EventData> type, RecordComponent nulled) {
        RecordComponent[] components = type.getRecordComponents();
        Object[] args = new Object[components.length];
        for (int i = 0; i < components.length; i++) {
            args[i] = components[i].getName().equals(nulled.getName()) ? null : value(components[i], Samples.of(type));
        }
        Class<?>[] parameterTypes = Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new);
        try {
            EventData built = type.getDeclaredConstructor(parameterTypes).newInstance(args);
            return new NullHandling(false, value(nulled, built));
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof IllegalArgumentException) {
                return new NullHandling(true, null);
            }
            throw new IllegalStateException("constructor of " + type.getSimpleName() + " failed", e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Object value(RecordComponent component, EventData data) {
        try {
            return component.getAccessor().invoke(data);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The JSON Schema types of a Java field type as EventCodec writes it (and reads it). */
    private static Set<String> jsonTypes(Class<?> javaType) {
        if (javaType == String.class || javaType == Instant.class || javaType.isEnum()) {
            return Set.of("string");
        }
        if (javaType == Integer.class || javaType == Long.class) {
            return Set.of("integer");
        }
        if (javaType == Boolean.class) {
            return Set.of("boolean");
        }
        if (javaType == Double.class) {
            return Set.of("number");
        }
        if (javaType == BigDecimal.class) {
            return Set.of("string", "number");
        }
        if (List.class.isAssignableFrom(javaType)) {
            return Set.of("array");
        }
        throw new AssertionError("no JSON type known for " + javaType.getName()
                + ": document it in docs/asyncapi.yaml and teach this test its type");
    }

    /** The format the code fixes for a Java field type; other fields may name a descriptive format of their own. */
    private static Optional<String> jsonFormat(Class<?> javaType) {
        if (javaType == Instant.class) {
            return Optional.of("date-time");
        }
        if (javaType == Integer.class) {
            return Optional.of("int32");
        }
        if (javaType == Long.class) {
            return Optional.of("int64");
        }
        return Optional.empty();
    }

    /** The wire values of an enum field, with null when the field may be null; empty for other fields. */
    @SuppressWarnings("unchecked")
    private static List<String> expectedEnum(RecordComponent component, NullHandling whenNull) {
        if (!component.getType().isEnum()) {
            return List.of();
        }
        List<String> values = new ArrayList<>(Samples.wireValues((Class<? extends Enum<?>>) component.getType()));
        if (whenNull.nullable()) {
            values.add(null);
        }
        return values;
    }

    private static List<String> enumValues(JsonNode schema) {
        List<String> values = new ArrayList<>();
        schema.path("enum").forEach(value -> values.add(value.isNull() ? null : value.asText()));
        return values;
    }

    private static Stream<Class<? extends EventData>> dataTypes() {
        return Arrays.stream(EventType.values()).<Class<? extends EventData>>map(EventType::dataType).distinct();
    }

    private static List<String> componentNames(Class<? extends EventData> type) {
        return Arrays.stream(type.getRecordComponents()).map(RecordComponent::getName).toList();
    }

    // ---- reading the document ----

    private static void assertTopicChannel(JsonNode channel, String topicName, String cleanupPolicy) {
        assertThat(channel.path("x-cleanup-policy").asText()).as("x-cleanup-policy of %s", topicName)
                .isEqualTo(cleanupPolicy);
        JsonNode kafka = channel.path("bindings").path("kafka");
        assertThat(kafka.path("topic").asText()).isEqualTo(topicName);
        assertThat(textValues(kafka.path("topicConfiguration").path("cleanup.policy")))
                .as("cleanup.policy of %s", topicName)
                .containsExactly(cleanupPolicy);
    }

    private static JsonNode channel(String address) {
        return doc.path("channels").path(channelId(address));
    }

    private static String channelRef(String address) {
        return "#/channels/" + channelId(address);
    }

    private static String channelId(String address) {
        List<String> ids = doc.path("channels").properties().stream()
                .filter(channel -> channel.getValue().path("address").asText().equals(address))
                .map(Map.Entry::getKey)
                .toList();
        assertThat(ids).as("channels with address %s", address).hasSize(1);
        return ids.get(0);
    }

    private static JsonNode message(String name) {
        JsonNode message = doc.path("components").path("messages").path(name);
        assertThat(message.isObject()).as("message %s", name).isTrue();
        return message;
    }

    private static JsonNode dataSchema(Class<? extends EventData> type) {
        return doc.path("components").path("schemas").path(type.getSimpleName());
    }

    private static List<JsonNode> operations(String channelRef, String action) {
        return elements(doc.path("operations"))
                .filter(op -> op.path("channel").path("$ref").asText().equals(channelRef))
                .filter(op -> op.path("action").asText().equals(action))
                .toList();
    }

    private static Set<String> services(List<JsonNode> operations) {
        return operations.stream()
                .flatMap(op -> elements(op.path("tags")))
                .map(tag -> resolve(tag).path("name").asText())
                .collect(Collectors.toSet());
    }

    /** The node a {@code $ref} points to, or the node itself. */
    private static JsonNode resolve(JsonNode node) {
        JsonNode ref = node.get("$ref");
        return ref == null ? node : resolve(doc.at(ref.asText().substring(1)));
    }

    /** A schema with its {@code allOf} parts merged: properties side by side, required lists joined. */
    private static ObjectNode flatten(JsonNode schema) {
        JsonNode resolved = resolve(schema);
        if (!resolved.has("allOf")) {
            return resolved.deepCopy();
        }
        ObjectNode merged = Samples.JSON.createObjectNode();
        ObjectNode properties = merged.putObject("properties");
        ArrayNode required = merged.putArray("required");
        for (JsonNode part : resolved.path("allOf")) {
            ObjectNode flat = flatten(part);
            flat.path("properties").properties().forEach(property -> {
                ObjectNode target = properties.has(property.getKey())
                        ? (ObjectNode) properties.get(property.getKey())
                        : properties.putObject(property.getKey());
                target.setAll((ObjectNode) property.getValue());
            });
            flat.path("required").forEach(name -> {
                if (!textValues(required).contains(name.asText())) {
                    required.add(name);
                }
            });
        }
        return merged;
    }

    private static void collectRefs(JsonNode node, List<String> refs) {
        if (node.has("$ref")) {
            refs.add(node.get("$ref").asText());
        }
        node.forEach(child -> collectRefs(child, refs));
    }

    private static Stream<JsonNode> elements(JsonNode node) {
        return StreamSupport.stream(node.spliterator(), false);
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** The strings of a text node or of an array of text nodes. */
    private static List<String> textValues(JsonNode node) {
        return node.isArray() ? elements(node).map(JsonNode::asText).toList()
                : node.isMissingNode() ? List.of() : List.of(node.asText());
    }
}
