package dev.proxyfleet.inventory.proxy;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What a bulk edit does to each proxy of its selection. Every action but {@link #DELETE} is the merge-patch it makes of
 * the proxy's current state, so a bulk edit is validated, audited and published exactly as a PATCH of that proxy.
 */
public enum BulkAction {
    @JsonProperty("addLabels") ADD_LABELS,
    @JsonProperty("removeLabels") REMOVE_LABELS,
    @JsonProperty("priority") PRIORITY,
    /** Sets {@code providerId}; without one, clears it. */
    @JsonProperty("provider") PROVIDER,
    /** Sets {@code vpsId}; without one, clears it. */
    @JsonProperty("vps") VPS,
    @JsonProperty("enable") ENABLE,
    @JsonProperty("disable") DISABLE,
    @JsonProperty("delete") DELETE;

    /** The merge-patch this action makes of a proxy whose state is {@code current}. */
    ObjectNode patch(ObjectMapper mapper, BulkRequest request, ProxyRequest current) {
        ObjectNode patch = mapper.createObjectNode();
        switch (this) {
            case ADD_LABELS, REMOVE_LABELS -> {
                Set<String> labels = new LinkedHashSet<>(current.labels());
                List<String> asked = request.labels().stream().map(String::trim).toList();
                if (this == ADD_LABELS) {
                    labels.addAll(asked);
                } else {
                    asked.forEach(labels::remove);
                }
                patch.set("labels", mapper.valueToTree(labels));
            }
            case PRIORITY -> patch.put("priority", request.priority());
            case PROVIDER -> patch.put("providerId", request.providerId());
            case VPS -> patch.put("vpsId", request.vpsId());
            case ENABLE, DISABLE -> patch.put("enabled", this == ENABLE);
            case DELETE -> throw new IllegalStateException("a delete is no patch");
        }
        return patch;
    }
}
