package dev.proxyfleet.status.selection;

import dev.proxyfleet.status.model.ProxyStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Which proxies a request accepts: {@code modelId} (proxies whose accounts are of that model), {@code location}
 * (case-insensitive), {@code label}. Null means any.
 */
public record Criteria(String modelId, String location, String label) {

    public Predicate<ProxyStatus> predicate() {
        return proxy -> (modelId == null || modelId.equals(proxy.modelId()))
                && (location == null || location.equalsIgnoreCase(proxy.location()))
                && (label == null || proxy.labels().contains(label));
    }

    /** The filters in words, for a 404's reason. */
    public String describe() {
        List<String> parts = new ArrayList<>();
        if (modelId != null) {
            parts.add("modelId=" + modelId);
        }
        if (location != null) {
            parts.add("location=" + location);
        }
        if (label != null) {
            parts.add("label=" + label);
        }
        return parts.isEmpty() ? "" : " matching " + String.join(", ", parts);
    }
}
