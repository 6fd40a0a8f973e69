package dev.proxyfleet.assignment.engine;

import dev.proxyfleet.contracts.SettingsData;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The engine's runtime settings in force: the environment's ({@link AssignmentConfig}) until an operator sets one on
 * {@code fleet-settings} (read by {@code SettingsChannel}); a setting absent from the newest record is the
 * environment's again.
 */
@ApplicationScoped
public class AssignmentSettings {

    private final boolean startUpExitIpChangeMovesAccounts;
    private volatile boolean exitIpChangeMovesAccounts;

    public AssignmentSettings(AssignmentConfig config) {
        this.startUpExitIpChangeMovesAccounts = config.exitIpChangeMovesAccounts();
        this.exitIpChangeMovesAccounts = startUpExitIpChangeMovesAccounts;
    }

    /** Whether the accounts of a proxy whose exit IP changed move, as after a failure ({@link FleetProjection#exitIpRead}). */
    public boolean exitIpChangeMovesAccounts() {
        return exitIpChangeMovesAccounts;
    }

    /** The newest settings an operator made. */
    public void apply(SettingsData changed) {
        exitIpChangeMovesAccounts = changed.exitIpChangeMovesAccounts() == null ? startUpExitIpChangeMovesAccounts
                : changed.exitIpChangeMovesAccounts();
    }
}
