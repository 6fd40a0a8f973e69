package dev.proxyfleet.status.push;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.proxyfleet.status.model.Overall;
import dev.proxyfleet.status.model.ProxyStatus;
import dev.proxyfleet.status.model.PublicProxy;
import dev.proxyfleet.status.model.StatusSummary;
import dev.proxyfleet.status.model.SystemSwitches;
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code docs/status-websocket.asyncapi.yaml} describes exactly the messages {@code /ws/status} sends. */
class WebSocketDocumentTest {

    private static JsonNode doc;

    @BeforeAll
    static void load() throws IOException {
        Path module = Path.of(System.getProperty("basedir", System.getProperty("user.dir"))).toAbsolutePath();
        doc = new ObjectMapper(new YAMLFactory()).readTree(module.resolve("../docs/status-websocket.asyncapi.yaml").toFile());
    }

    @Test
    void aDeltaHasExactlyThePushMessagesFieldsWithTheSummaryUnwrapped() {
        List<String> fields = new ArrayList<>();
        for (RecordComponent component : PushMessage.class.getRecordComponents()) {
            if (component.getType() == StatusSummary.class) {
                fields.addAll(summaryFields());
            } else {
                fields.add(component.getName());
            }
        }
        assertThat(properties(payload("delta"))).containsExactlyInAnyOrderElementsOf(fields);
    }

    @Test
    void aSnapshotIsTheSummaryAndEveryProxyWithItsNumber() {
        List<String> fields = Stream.concat(Stream.of("type", "seq", "proxies"), summaryFields().stream()).toList();
        assertThat(properties(payload("snapshot"))).containsExactlyInAnyOrderElementsOf(fields);
    }

    @Test
    void aProxyHasExactlyTheFieldsOfTheStatusApi() {
        assertThat(properties(schema("proxy"))).containsExactlyInAnyOrderElementsOf(names(ProxyStatus.class));
        assertThat(properties(schema("counts"))).containsExactlyInAnyOrderElementsOf(names(StatusSummary.HealthCounts.class));
    }

    @Test
    void aPublicProxyHasExactlyTheFieldsOfTheRedactedView() {
        assertThat(properties(schema("publicProxy"))).containsExactlyInAnyOrderElementsOf(names(PublicProxy.class));
    }

    @Test
    void overallTakesTheValuesTheServiceWrites() {
        List<String> documented = new ArrayList<>();
        schema("overall").path("enum").forEach(value -> documented.add(value.asText()));
        assertThat(documented).containsExactlyInAnyOrderElementsOf(Arrays.stream(Overall.values()).map(Overall::json).toList());
    }

    private static JsonNode payload(String message) {
        return doc.path("components").path("messages").path(message).path("payload");
    }

    private static JsonNode schema(String name) {
        return doc.path("components").path("schemas").path(name);
    }

    private static List<String> properties(JsonNode schema) {
        List<String> names = new ArrayList<>();
        schema.path("properties").fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** The summary's fields as Jackson writes them: its components but the settings it was judged by, and its message. */
    private static List<String> summaryFields() {
        List<String> names = new ArrayList<>();
        new ObjectMapper().valueToTree(StatusSummary.of(List.of(), SystemSwitches.DEFAULT)).fieldNames()
                .forEachRemaining(names::add);
        return names;
    }

    private static List<String> names(Class<? extends Record> type) {
        return Arrays.stream(type.getRecordComponents()).map(RecordComponent::getName).toList();
    }
}
