package dev.proxyfleet.health.settings;

import dev.proxyfleet.contracts.SettingsData;
import dev.proxyfleet.health.HealthConfig;
import java.time.Duration;

/**
 * The probe settings operators may change while the service runs ({@code PATCH /api/settings} on inventory-service,
 * read from {@code fleet-settings}); fired as a CDI event each time newer settings are read, for the parts that probe
 * and judge to apply to their next probe.
 */
public record ProbeSettings(Duration interval, Duration timeout, int fall, int rise) {

    /** The environment's settings, which hold until an operator changes one, and again after a reset. */
    public static ProbeSettings startUp(HealthConfig config) {
        return new ProbeSettings(config.interval(), config.timeout(), config.fall(), config.rise());
    }

    /** These settings with those an operator set: a setting absent from {@code changed} keeps its value here. */
    public ProbeSettings with(SettingsData changed) {
        return new ProbeSettings(
                changed.healthCheckIntervalMs() == null ? interval : Duration.ofMillis(changed.healthCheckIntervalMs()),
                changed.healthCheckTimeoutMs() == null ? timeout : Duration.ofMillis(changed.healthCheckTimeoutMs()),
                changed.fall() == null ? fall : changed.fall(),
                changed.rise() == null ? rise : changed.rise());
    }
}
