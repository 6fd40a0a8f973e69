package dev.proxyfleet.localinfra;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The local launcher's settings, read from the {@code FLEET_*} environment variables that {@link LocalFleet}
 * documents, with the services to start already chosen (those that are built, or those FLEET_SERVICES names).
 *
 * @param firstServicePort the first service's HTTP port; each further one has the next port
 * @param services the services to start, module name to HTTP port, in start order
 * @param demo whether this is {@code ./run.sh --demo}, which needs every service and keeps its data apart
 */
record FleetSettings(Path home, Path dataDir, int kafkaPort, int controllerPort, int pgPort, int partitions,
        int firstServicePort, Map<String, Integer> services, boolean demo) {

    private static final String SUFFIX = "-service";
    private static final String DASHBOARD = "status-service";
    /** Every service module of the fleet, in start order, which is also the order of their ports. */
    static final List<String> ALL_SERVICES = List.of("inventory-service", "assignment-service", "health-service", DASHBOARD);

    /** One database per service, created whether or not the service is built, so a later start finds it. */
    static final List<String> DATABASES = ALL_SERVICES.stream().map(FleetSettings::database).toList();

    /** @param demo whether this is the demo, whose data lives in {@code .local-demo} unless FLEET_DATA_DIR says otherwise */
    static FleetSettings fromEnvironment(Map<String, String> env, boolean demo) {
        Path cwd = Path.of("").toAbsolutePath();
        Path home = path(env, "FLEET_HOME", cwd);
        int firstServicePort = number(env, "FLEET_SERVICE_PORT", 8081, 1, 65536 - ALL_SERVICES.size());
        Map<String, Integer> services = chooseServices(home, env.getOrDefault("FLEET_SERVICES", ""), firstServicePort);
        if (demo && services.size() < ALL_SERVICES.size()) {
            throw new IllegalArgumentException("The demo needs every service: " + (env.containsKey("FLEET_SERVICES")
                    ? "leave FLEET_SERVICES unset" : "some are not built; run ./run.sh --rebuild --demo"));
        }
        return new FleetSettings(home,
                path(env, "FLEET_DATA_DIR", cwd.resolve(demo ? ".local-demo" : ".local")),
                number(env, "FLEET_KAFKA_PORT", 9092, 1, 65535),
                number(env, "FLEET_KAFKA_CONTROLLER_PORT", 9093, 1, 65535),
                number(env, "FLEET_PG_PORT", 15432, 1, 65535),
                number(env, "FLEET_TOPIC_PARTITIONS", 6, 1, 1000),
                firstServicePort,
                services,
                demo);
    }

    /** A service's HTTP port, whether or not it is started. */
    int port(String module) {
        return port(firstServicePort, module);
    }

    private static int port(int firstServicePort, String module) {
        return firstServicePort + ALL_SERVICES.indexOf(module);
    }

    /**
     * What the dashboard's operations need wherever the ports are: every service lets the dashboard's origin call it
     * (CORS), and status-service tells the page where the others are.
     */
    Map<String, String> dashboardWiring(String module) {
        int dashboard = port(DASHBOARD);
        Map<String, String> env = new LinkedHashMap<>();
        env.put("QUARKUS_HTTP_CORS_ORIGINS", "http://localhost:" + dashboard + ",http://127.0.0.1:" + dashboard);
        if (module.equals(DASHBOARD)) {
            env.put("STATUS_UI_INVENTORY_URL", "http://127.0.0.1:" + port("inventory-service"));
            env.put("STATUS_UI_ASSIGNMENT_URL", "http://127.0.0.1:" + port("assignment-service"));
            env.put("STATUS_UI_HEALTH_URL", "http://127.0.0.1:" + port("health-service"));
        }
        return env;
    }

    /** PostgreSQL's data directory. */
    Path postgresDir() {
        return dataDir.resolve("postgres");
    }

    Path logDir() {
        return dataDir.resolve("logs");
    }

    /** Every port the fleet's servers listen on. */
    Set<Integer> ports() {
        return owners().keySet();
    }

    /** Fails fast, before anything starts, naming the port and the variable that moves it. */
    void checkPortsFree() {
        Map<Integer, String> ports = owners();
        if (ports.size() != 3 + services.size()) {
            throw new IllegalArgumentException("Two of the fleet's ports are the same: check the FLEET_*_PORT variables.");
        }
        ports.forEach((port, owner) -> {
            if (!FreePorts.isFree(port)) {
                throw new IllegalStateException("Port " + port + " is already in use (" + owner
                        + "). Is another fleet still running?");
            }
        });
    }

    /** Each port of the fleet with the server that listens on it and how to move it. */
    private Map<Integer, String> owners() {
        Map<Integer, String> ports = new LinkedHashMap<>();
        ports.put(kafkaPort(), "Kafka; set FLEET_KAFKA_PORT to a free port");
        ports.put(controllerPort(), "Kafka controller; set FLEET_KAFKA_CONTROLLER_PORT to a free port");
        ports.put(pgPort(), "PostgreSQL; set FLEET_PG_PORT to a free port");
        services.forEach((module, port) -> ports.put(port, module + "; set FLEET_SERVICE_PORT or leave it out with FLEET_SERVICES"));
        return ports;
    }

    /** {@code inventory-service} uses the database {@code inventory}. */
    static String database(String module) {
        return module.substring(0, module.length() - SUFFIX.length());
    }

    private static Map<String, Integer> chooseServices(Path home, String wanted, int firstPort) {
        Set<String> requested = requestedModules(wanted);
        Map<String, Integer> chosen = new LinkedHashMap<>();
        ALL_SERVICES.forEach(module -> {
            Path jar = ServiceProcess.runnerJar(home.resolve(module));
            boolean built = Files.isRegularFile(jar);
            if (requested.isEmpty() ? built : requested.contains(module)) {
                if (!built) {
                    throw new IllegalArgumentException("FLEET_SERVICES asks for " + module + ", but " + jar
                            + " is not built: run ./run.sh --rebuild");
                }
                chosen.put(module, port(firstPort, module));
            }
        });
        return Collections.unmodifiableMap(chosen);
    }

    /** Accepts {@code inventory} as well as {@code inventory-service}; empty means every built service. */
    private static Set<String> requestedModules(String wanted) {
        Set<String> modules = Arrays.stream(wanted.split(","))
                .map(String::trim)
                .filter(name -> !name.isEmpty())
                .map(name -> name.endsWith(SUFFIX) ? name : name + SUFFIX)
                .collect(Collectors.toSet());
        for (String module : modules) {
            if (!ALL_SERVICES.contains(module)) {
                throw new IllegalArgumentException("FLEET_SERVICES: unknown service " + module + "; known: "
                        + String.join(", ", DATABASES));
            }
        }
        return modules;
    }

    private static Path path(Map<String, String> env, String name, Path fallback) {
        String value = env.get(name);
        return (value == null || value.isBlank() ? fallback : Path.of(value)).toAbsolutePath().normalize();
    }

    private static int number(Map<String, String> env, String name, int fallback, int min, int max) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            int number = Integer.parseInt(value.trim());
            if (number >= min && number <= max) {
                return number;
            }
        } catch (NumberFormatException notANumber) {
            // reported below, with the range
        }
        throw new IllegalArgumentException(name + "=" + value + " is not a number from " + min + " to " + max);
    }
}
