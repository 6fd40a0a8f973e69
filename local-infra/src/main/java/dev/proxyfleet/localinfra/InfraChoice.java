package dev.proxyfleet.localinfra;

import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * Where a test JVM runs its Kafka broker and PostgreSQL server: in containers (Testcontainers), or as local-infra's
 * own servers, which need no container engine. The system property {@value #PROPERTY}, else the environment variable
 * {@value #ENVIRONMENT_VARIABLE}, says {@code containers}, {@code local} or {@code auto}; auto, the default, takes
 * containers when a container engine is reachable.
 */
enum InfraChoice {
    CONTAINERS,
    LOCAL;

    public static final String PROPERTY = "fleet.test.infra";
    public static final String ENVIRONMENT_VARIABLE = "FLEET_TEST_INFRA";

    /** Whether a container engine is reachable; the failure is explained only where it is an error, not the norm. */
    @FunctionalInterface
    interface EngineProbe {
        boolean reachable(boolean explainFailure);
    }

    /**
     * The choice a setting asks for. The engine is probed only when the setting needs the answer: auto decides by it
     * (no engine is the normal case there, so quietly), and containers without an engine fail here, with the probe's
     * explanation, before any test waits for a server that cannot start.
     *
     * @param setting {@code containers}, {@code local}, {@code auto}, or null or blank for auto
     */
    static InfraChoice choose(String setting, EngineProbe engine) {
        String wanted = setting == null || setting.isBlank() ? "auto" : setting.trim().toLowerCase(Locale.ROOT);
        return switch (wanted) {
            case "local" -> LOCAL;
            case "auto" -> engine.reachable(false) ? CONTAINERS : LOCAL;
            case "containers" -> {
                if (!engine.reachable(true)) {
                    throw new IllegalStateException(PROPERTY + "=containers, but no container engine is reachable"
                            + " (Testcontainers logs why). Start Docker or Podman, or run the tests with "
                            + PROPERTY + "=local or auto.");
                }
                yield CONTAINERS;
            }
            default -> throw new IllegalArgumentException(PROPERTY + "=" + setting
                    + " is not one of containers, local, auto");
        };
    }

    /**
     * The setting: the system property, which a command line sets for one run, before the environment variable.
     *
     * @return the setting, or null when neither is set
     */
    static String setting(Properties systemProperties, Map<String, String> environment) {
        String property = systemProperties.getProperty(PROPERTY);
        return property != null ? property : environment.get(ENVIRONMENT_VARIABLE);
    }
}
