package dev.proxyfleet.assignment.engine;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.PositiveOrZero;

/** Settings of the assignment engine. */
@ConfigMapping(prefix = "assignment")
public interface AssignmentConfig {

    /** {@code unused-first} or {@code first-available}. */
    @WithDefault("unused-first")
    AssignmentPolicy policy();

    /**
     * Empty proxies kept for models likely to come: an account whose model has room of its own takes an empty proxy
     * only while more than these (and one for each other model of its batch still waiting) remain. See
     * {@link AssignmentPolicy}.
     */
    @WithDefault("2")
    @PositiveOrZero
    int emptyReserve();

    /**
     * Whether the accounts of a proxy whose exit IP changed (not its first one read) move to other proxies, as after
     * a failure: for an account service a new address may be a new identity. Off, they go along to the new address
     * where its rules let them ({@link FleetProjection#exitIpRead}). The start-up default of the runtime setting
     * {@code exitIpChangeMovesAccounts} ({@link AssignmentSettings}).
     */
    @WithDefault("false")
    boolean exitIpChangeMovesAccounts();

    /** How often {@link PendingSweep} runs, e.g. {@code 2s}; {@code off} disables it. Read by its schedule. */
    @WithDefault("2s")
    String pendingSweep();
}
