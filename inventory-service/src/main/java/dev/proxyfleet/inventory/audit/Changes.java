package dev.proxyfleet.inventory.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * What an audit entry says changed: the fields whose values differ between two states of an entity, each as
 * {@code {"old": …, "new": …}}. A secret is named by what it is and shown only as {@code "changed"}, never as a value
 * or ciphertext; bookkeeping (id, version, timestamps, the id of the encryption key) is left out.
 */
final class Changes {

    static final String SECRET_CHANGED = "changed";

    /** Stored secrets by the name an operator knows them under. */
    private static final Map<String, String> SECRETS = Map.of("passwordCiphertext", "password", "secretCiphertext", "secret");
    private static final Set<String> BOOKKEEPING = Set.of("id", "version", "createdAt", "updatedAt", "keyId", "changedBy");

    private Changes() {
    }

    /** The changes from {@code before} to {@code after}; a missing state (null) is a creation or a deletion. */
    static ObjectNode between(JsonNode before, JsonNode after) {
        JsonNode old = before == null ? JsonNodeFactory.instance.objectNode() : before;
        JsonNode updated = after == null ? JsonNodeFactory.instance.objectNode() : after;
        Set<String> fields = new LinkedHashSet<>();
        old.fieldNames().forEachRemaining(fields::add);
        updated.fieldNames().forEachRemaining(fields::add);
        ObjectNode changes = JsonNodeFactory.instance.objectNode();
        for (String field : fields) {
            JsonNode from = old.path(field).isMissingNode() ? NullNode.instance : old.get(field);
            JsonNode to = updated.path(field).isMissingNode() ? NullNode.instance : updated.get(field);
            if (BOOKKEEPING.contains(field) || from.equals(to)) {
                continue;
            }
            if (SECRETS.containsKey(field)) {
                changes.put(SECRETS.get(field), SECRET_CHANGED);
            } else {
                changes.putObject(field).<ObjectNode>set("old", from).set("new", to);
            }
        }
        return changes;
    }
}
