package dev.proxyfleet.inventory.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChangesTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    void namesOnlyTheFieldsThatChangedWithOldAndNew() {
        ObjectNode changes = Changes.between(json(Map.of("priority", 0, "enabled", true, "location", "de")),
                json(Map.of("priority", 2, "enabled", true, "location", "de")));

        assertThat(changes.toString()).isEqualTo("{\"priority\":{\"old\":0,\"new\":2}}");
    }

    @Test
    void showsASecretOnlyAsChangedUnderTheNameOperatorsKnow() {
        ObjectNode changes = Changes.between(json(Map.of("passwordCiphertext", "c1", "keyId", "k1")),
                json(Map.of("passwordCiphertext", "c2", "keyId", "k2")));

        assertThat(changes.toString()).isEqualTo("{\"password\":\"changed\"}");
    }

    @Test
    void leavesOutBookkeepingAndRecordsACreationFromNull() {
        ObjectNode changes = Changes.between(null, json(Map.of("id", 7, "version", 1, "updatedAt", "t",
                "createdAt", "t", "changedBy", "x", "name", "n", "secretCiphertext", "c")));

        assertThat(changes.toString()).isEqualTo("{\"name\":{\"old\":null,\"new\":\"n\"},\"secret\":\"changed\"}");
    }

    @Test
    void recordsADeletionAsEveryFieldGoingToNull() {
        ObjectNode changes = Changes.between(json(Map.of("name", "n")), null);

        assertThat(changes.toString()).isEqualTo("{\"name\":{\"old\":\"n\",\"new\":null}}");
    }

    private static JsonNode json(Map<String, Object> fields) {
        return MAPPER.valueToTree(new java.util.TreeMap<>(fields));
    }
}
