package dev.proxyfleet.health.settings;

import dev.proxyfleet.contracts.SettingsData;
import dev.proxyfleet.health.HealthConfig;
import dev.proxyfleet.health.outage.OutageRule;
import io.quarkus.logging.Log;
import java.time.Duration;

/**
 * The probe and outage settings operators may change while the service runs ({@code PATCH /api/settings} on
 * inventory-service, read from {@code fleet-settings}); fired as a CDI event each time newer settings are read, for the
 * parts that probe and judge to apply to their next probe.
 */
public record ProbeSettings(Duration interval, Duration timeout, int fall, int rise, OutageRule outage) {

    /** The environment's settings, which hold until an operator changes one, and again after a reset. */
    public static ProbeSettings startUp(HealthConfig config) {
        return new ProbeSettings(config.interval(), config.timeout(), config.fall(), config.rise(),
                new OutageRule(config.outageThreshold(), config.outageEndThreshold(), config.outageMinProxies()));
    }

    /**
     * These settings with those an operator set: a setting absent from {@code changed} keeps its value here. Outage
     * thresholds that do not make a rule with the values kept here (an end threshold set alone at or above the start
     * threshold here) leave the outage rule as it is here, with a warning.
     */
    public ProbeSettings with(SettingsData changed) {
        return new ProbeSettings(
                changed.healthCheckIntervalMs() == null ? interval : Duration.ofMillis(changed.healthCheckIntervalMs()),
                changed.healthCheckTimeoutMs() == null ? timeout : Duration.ofMillis(changed.healthCheckTimeoutMs()),
                changed.fall() == null ? fall : changed.fall(),
                changed.rise() == null ? rise : changed.rise(),
                outageWith(changed));
    }

    private OutageRule outageWith(SettingsData changed) {
        try {
            return new OutageRule(
                    changed.outageThreshold() == null ? outage.threshold() : changed.outageThreshold(),
                    changed.outageEndThreshold() == null ? outage.endThreshold() : changed.outageEndThreshold(),
                    changed.outageMinProxies() == null ? outage.minProxies() : changed.outageMinProxies());
        } catch (IllegalArgumentException e) {
            Log.warnf("Outage settings of version %d not applied, %s kept: %s", changed.version(), outage,
                    e.getMessage());
            return outage;
        }
    }
}
