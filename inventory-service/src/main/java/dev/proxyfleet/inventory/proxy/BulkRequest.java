package dev.proxyfleet.inventory.proxy;

import dev.proxyfleet.inventory.web.NoControlCharacters;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;

/**
 * One action on many proxies ({@code POST /api/proxies/bulk}). {@code labels} goes with {@code addLabels} and
 * {@code removeLabels}, {@code priority} with {@code priority}, {@code providerId} and {@code vpsId} with
 * {@code provider} and {@code vps} (absent clears them).
 */
public record BulkRequest(
        @NotEmpty @Size(max = BulkRequest.MAX_IDS) List<@NotNull Long> ids,
        @NotNull BulkAction action,
        @Size(max = 20) List<@NotBlank @Size(max = 64) @NoControlCharacters String> labels,
        @Min(0) Integer priority,
        Long providerId,
        Long vpsId) {

    /** The most proxies one request may name: each is its own transaction, and the answer lists every one. */
    public static final int MAX_IDS = 500;

    @AssertTrue(message = "must name at least one label for addLabels and removeLabels")
    boolean isLabels() {
        return action != BulkAction.ADD_LABELS && action != BulkAction.REMOVE_LABELS
                || labels != null && !labels.isEmpty();
    }

    @AssertTrue(message = "must be given for the action priority")
    boolean isPriority() {
        return action != BulkAction.PRIORITY || priority != null;
    }
}
