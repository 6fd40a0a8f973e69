package dev.proxyfleet.status.selection;

import dev.proxyfleet.contracts.SettingsData;
import dev.proxyfleet.status.model.SystemSwitches;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The selection settings in force: the environment's ({@link SelectionConfig}) until operators set one on
 * {@code fleet-settings} ({@link SettingsChannel}); a setting absent from the newest record is the environment's again.
 */
@ApplicationScoped
public class SelectionSettings {

    private record Values(boolean proxySystemEnabled, boolean fallbackToDirect, int minScore, String defaultStrategy) {
    }

    private final Values startUp;
    private volatile Values current;

    public SelectionSettings(SelectionConfig config) {
        this.startUp = new Values(true, config.fallbackToDirect(), config.minScore(), config.defaultStrategy());
        this.current = startUp;
    }

    /** Off: selection answers {@code {"direct": true}} whatever the proxies' health. */
    public boolean proxySystemEnabled() {
        return current.proxySystemEnabled();
    }

    /** When no proxy fits: answer {@code {"direct": true}} instead of 404. */
    public boolean fallbackToDirect() {
        return current.fallbackToDirect();
    }

    /** The settings the overall state is judged by. */
    public SystemSwitches switches() {
        Values now = current;
        return new SystemSwitches(now.proxySystemEnabled(), now.fallbackToDirect());
    }

    /** The lowest health score the {@code health-score} strategy accepts. */
    public int minScore() {
        return current.minScore();
    }

    /** The strategy when the request names none. */
    public String defaultStrategy() {
        return current.defaultStrategy();
    }

    void apply(SettingsData changed) {
        current = new Values(
                changed.proxySystemEnabled() == null ? startUp.proxySystemEnabled() : changed.proxySystemEnabled(),
                changed.fallbackToDirect() == null ? startUp.fallbackToDirect() : changed.fallbackToDirect(),
                changed.minScore() == null ? startUp.minScore() : changed.minScore(),
                changed.defaultStrategy() == null ? startUp.defaultStrategy() : changed.defaultStrategy());
    }
}
