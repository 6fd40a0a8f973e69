package dev.proxyfleet.inventory.settings;

import dev.proxyfleet.contracts.SettingsData;
import dev.proxyfleet.inventory.VersionedEntity;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * The fleet's runtime settings, the one row of {@code fleet_settings} (the migration creates it at version 0). A null
 * setting was never changed: every service keeps its start-up default for it.
 */
@Entity
@Table(name = "fleet_settings")
public class FleetSettings extends VersionedEntity {

    /** The id of the one row. */
    public static final short ID = 1;

    @Id
    public Short id;

    @Column(name = "proxy_system_enabled")
    public Boolean proxySystemEnabled;

    @Column(name = "health_check_interval_ms")
    public Long healthCheckIntervalMs;

    @Column(name = "health_check_timeout_ms")
    public Long healthCheckTimeoutMs;

    public Integer fall;
    public Integer rise;

    @Column(name = "auto_disable")
    public Boolean autoDisable;

    @Column(name = "fallback_to_direct")
    public Boolean fallbackToDirect;

    @Column(name = "default_strategy")
    public String defaultStrategy;

    @Column(name = "min_score")
    public Integer minScore;

    @Column(name = "outage_threshold")
    public Double outageThreshold;

    @Column(name = "outage_end_threshold")
    public Double outageEndThreshold;

    @Column(name = "outage_min_proxies")
    public Integer outageMinProxies;

    @Column(name = "exit_ip_change_moves_accounts")
    public Boolean exitIpChangeMovesAccounts;

    /** The authenticated principal who made the last change; null before the first. */
    @Column(name = "changed_by")
    public String changedBy;

    Settings settings() {
        return new Settings(proxySystemEnabled, healthCheckIntervalMs, healthCheckTimeoutMs, fall, rise, autoDisable,
                fallbackToDirect, defaultStrategy, minScore, outageThreshold, outageEndThreshold, outageMinProxies,
                exitIpChangeMovesAccounts);
    }

    void apply(Settings settings) {
        proxySystemEnabled = settings.proxySystemEnabled();
        healthCheckIntervalMs = settings.healthCheckIntervalMs();
        healthCheckTimeoutMs = settings.healthCheckTimeoutMs();
        fall = settings.fall();
        rise = settings.rise();
        autoDisable = settings.autoDisable();
        fallbackToDirect = settings.fallbackToDirect();
        defaultStrategy = settings.defaultStrategy();
        minScore = settings.minScore();
        outageThreshold = settings.outageThreshold();
        outageEndThreshold = settings.outageEndThreshold();
        outageMinProxies = settings.outageMinProxies();
        exitIpChangeMovesAccounts = settings.exitIpChangeMovesAccounts();
    }

    /** The contract's event data: every setting, the version and who changed them last. */
    SettingsData toEventData() {
        return new SettingsData(proxySystemEnabled, healthCheckIntervalMs, healthCheckTimeoutMs, fall, rise,
                autoDisable, fallbackToDirect, defaultStrategy, minScore, outageThreshold, outageEndThreshold,
                outageMinProxies, exitIpChangeMovesAccounts, version, changedBy, updatedAt);
    }
}
