package dev.proxyfleet.assignment.engine;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of the assignment engine. */
@ConfigMapping(prefix = "assignment")
public interface AssignmentConfig {

    /** {@code unused-first} or {@code first-available}. */
    @WithDefault("unused-first")
    AssignmentPolicy policy();

    /** How often {@link PendingSweep} runs, e.g. {@code 2s}; {@code off} disables it. Read by its schedule. */
    @WithDefault("2s")
    String pendingSweep();
}
