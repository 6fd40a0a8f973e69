package dev.proxyfleet.inventory.settings;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The runtime settings with who changed them last: a null setting was never changed (or was reset), so each service
 * uses its start-up default for it.
 */
public record SettingsResponse(
        @JsonUnwrapped Settings settings,
        @Schema(description = "Rises by one per change; 0 before the first.") long version,
        @Schema(description = "The authenticated principal who made the last change; null before the first.")
        String changedBy,
        @Schema(description = "When the last change was made.") Instant changedAt) {

    static SettingsResponse from(FleetSettings settings) {
        return new SettingsResponse(settings.settings(), settings.version,
                settings.changedBy, settings.version == 0 ? null : settings.updatedAt);
    }
}
