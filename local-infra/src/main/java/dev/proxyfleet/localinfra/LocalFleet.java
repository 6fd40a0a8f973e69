package dev.proxyfleet.localinfra;

import dev.proxyfleet.crypto.ApiTokenDigest;
import dev.proxyfleet.localinfra.demo.DemoFleet;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.LoggerFactory;

/**
 * The README's run command: starts PostgreSQL, Kafka and every built service of the fleet on this machine, without
 * containers, and stops them all on Ctrl-C. Databases, topics and the credential key stay in the data directory
 * between runs. With the argument {@code --demo} it also brings the fleet to life ({@link DemoFleet}), in a data
 * directory of its own that every demo start empties. Settings come from environment variables:
 * <ul>
 * <li>{@code FLEET_HOME} — repository root holding the service modules; default: the current directory</li>
 * <li>{@code FLEET_DATA_DIR} — data and logs; default: {@code .local} in the current directory, {@code .local-demo}
 * for the demo</li>
 * <li>{@code FLEET_KAFKA_PORT} — Kafka's client port; default 9092</li>
 * <li>{@code FLEET_KAFKA_CONTROLLER_PORT} — Kafka's KRaft controller port; default 9093</li>
 * <li>{@code FLEET_PG_PORT} — PostgreSQL's port; default 15432</li>
 * <li>{@code FLEET_TOPIC_PARTITIONS} — partitions of topics created now (existing ones are kept); default 6</li>
 * <li>{@code FLEET_SERVICE_PORT} — HTTP port of inventory-service; assignment, health and status take the next three;
 * default 8081. status-service's page is told the others' URLs, and they allow its origin (CORS)</li>
 * <li>{@code FLEET_SERVICES} — comma list of services to start, e.g. {@code inventory,status}; default: every
 * service whose {@code target/quarkus-app/quarkus-run.jar} is built</li>
 * </ul>
 */
public final class LocalFleet {

    private static final Duration SERVICE_STOP_TIMEOUT = Duration.ofSeconds(20);
    private static final int LOG_TAIL_LINES = 30;
    private static final String JUL_MANAGER = "java.util.logging.manager";
    private static final String JBOSS_LOG_MANAGER = "org.jboss.logmanager.LogManager";

    private final FleetSettings settings;
    private final List<ServiceProcess> services = new ArrayList<>();
    private volatile KafkaBroker kafka;
    private volatile PostgresServer postgres;
    private volatile PostgresStartup postgresStartup;
    /** The demo's proxies and traffic, with --demo only. */
    private volatile DemoFleet demo;
    private volatile boolean stopping;
    /** Set once every service answered ready; a service exiting after that is reported as it happens. */
    private volatile boolean up;

    private LocalFleet(FleetSettings settings) {
        this.settings = settings;
    }

    /** @param args nothing, or {@code --demo} */
    public static void main(String[] args) throws InterruptedException {
        LocalFleet fleet;
        try {
            fleet = new LocalFleet(FleetSettings.fromEnvironment(System.getenv(), demoAsked(args)));
            // A run killed hard leaves its PostgreSQL behind, holding the port and the data directory.
            PostgresStartup.stopServerOf(fleet.settings.postgresDir());
            fleet.settings.checkPortsFree();
            // Only once the ports are free: a demo that is still running keeps its Kafka port, and its data.
            if (fleet.settings.demo()) {
                DemoFleet.resetDataDir(fleet.settings.dataDir(), LocalSecrets.ADMIN_TOKEN_FILE);
            }
        } catch (IllegalArgumentException | IllegalStateException e) {
            System.out.println(e.getMessage());
            System.exit(2);
            return;
        }
        configureLogging(fleet.settings.logDir());
        Runtime.getRuntime().addShutdownHook(new Thread(fleet::stop, "fleet-stop"));
        try {
            fleet.start();
        } catch (RuntimeException e) {
            if (!fleet.stopping) {
                System.out.println("Start-up failed: " + e.getMessage());
            }
            fleet.stop();
            System.exit(1);
        }
        fleet.up = true;
        fleet.printSummary();
        Thread.currentThread().join();
    }

    private static boolean demoAsked(String[] args) {
        if (args.length == 0) {
            return false;
        }
        if (args.length == 1 && args[0].equals("--demo")) {
            return true;
        }
        throw new IllegalArgumentException("LocalFleet takes no argument or --demo, not " + String.join(" ", args));
    }

    /**
     * Runs before anything logs. Kafka's, zonky's and Quarkus' jars bring several SLF4J providers: Log4j2 is chosen
     * (log4j2.properties also sends PostgreSQL's output to {@code fleet.log.dir}) and initialised here, on one thread,
     * because PostgreSQL and Kafka then start in parallel. JBoss LogManager, also on the class path, serves the JDK's
     * own loggers (the HTTP client's) and complains loudly unless it is java.util.logging's manager as well.
     */
    public static void configureLogging(Path logDir) {
        System.setProperty("fleet.log.dir", logDir.toString());
        if (System.getProperty("slf4j.provider") == null && KafkaBroker.log4jOnClassPath()) {
            System.setProperty("slf4j.provider", KafkaBroker.LOG4J_SLF4J_PROVIDER);
            System.setProperty("slf4j.internal.verbosity", "WARN");
            // Log4j2's own hook would end logging while fleet-stop still runs (and cannot register once Ctrl-C came).
            System.setProperty("log4j2.shutdownHookEnabled", "false");
        }
        if (System.getProperty(JUL_MANAGER) == null
                && ClassLoader.getSystemClassLoader().getResource(JBOSS_LOG_MANAGER.replace('.', '/') + ".class") != null) {
            System.setProperty(JUL_MANAGER, JBOSS_LOG_MANAGER);
        }
        LoggerFactory.getLogger(LocalFleet.class);
    }

    private void start() {
        try {
            Files.createDirectories(settings.logDir());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + settings.logDir(), e);
        }
        startInfrastructure();
        List<String> created = TopicProvisioner.createContractTopics(kafka.bootstrapServers(), settings.partitions());
        System.out.println(created.isEmpty() ? "Topics: all present" : "Topics: created " + created.size());
        FleetSettings.DATABASES.forEach(postgres::createDatabaseIfMissing);
        System.out.println("Databases: " + String.join(", ", FleetSettings.DATABASES));
        if (settings.demo()) {
            // Before the services: health-service is told where the demo's probe targets listen.
            System.out.println("Starting the demo's proxies and probe targets on 127.0.0.1");
            demo = DemoFleet.open(settings.dataDir(), settings.ports());
        }
        startServices(LocalSecrets.credentialKey(settings.dataDir()));
        awaitServicesReady();
        if (demo != null) {
            System.out.println("Populating the demo: providers, proxies, accounts");
            demo.populate(url("inventory-service"), url("assignment-service"), kafka.bootstrapServers(),
                    LocalSecrets.adminToken(settings.dataDir()));
        }
    }

    private String url(String module) {
        return "http://127.0.0.1:" + settings.port(module);
    }

    private void startInfrastructure() {
        Instant begin = Instant.now();
        Path data = settings.dataDir();
        System.out.println("Starting PostgreSQL (port " + settings.pgPort() + ") and Kafka (port " + settings.kafkaPort()
                + "), data in " + data);
        kafka = new KafkaBroker(data.resolve("kafka"), settings.kafkaPort(), settings.controllerPort());
        // In parallel: both take seconds, and neither needs the other.
        postgresStartup = PostgresStartup.begin(settings.postgresDir(), settings.pgPort());
        RuntimeException kafkaFailure = null;
        try {
            kafka.start();
        } catch (RuntimeException e) {
            kafkaFailure = e;
        }
        postgres = postgresStartup.await();
        if (kafkaFailure != null) {
            throw kafkaFailure;
        }
        System.out.println("PostgreSQL and Kafka up in " + Duration.between(begin, Instant.now()).toMillis() + " ms");
    }

    private void startServices(String cryptoKeys) {
        String tokens = "local-admin:admin:" + ApiTokenDigest.sha256(LocalSecrets.adminToken(settings.dataDir()));
        settings.services().forEach((module, port) -> {
            String database = FleetSettings.database(module);
            // The dashboard's wiring follows the ports unless this launcher's own environment says otherwise.
            Map<String, String> env = new HashMap<>(settings.dashboardWiring(module));
            if (demo != null) {
                env.putAll(demo.settings(module));
            }
            env.keySet().removeIf(System.getenv()::containsKey);
            env.putAll(Map.of(
                    "KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers(),
                    "QUARKUS_DATASOURCE_REACTIVE_URL", postgres.reactiveUrl(database),
                    "QUARKUS_DATASOURCE_USERNAME", PostgresServer.USER,
                    "QUARKUS_DATASOURCE_PASSWORD", PostgresServer.PASSWORD,
                    "QUARKUS_HTTP_PORT", Integer.toString(port),
                    "FLEET_CRYPTO_KEYS", cryptoKeys,
                    "FLEET_CRYPTO_PRIMARY_KEY_ID", LocalSecrets.KEY_ID,
                    "FLEET_SECURITY_TOKENS", tokens,
                    // Readable logs on a developer's machine; deployments keep the production JSON lines.
                    "QUARKUS_LOG_CONSOLE_JSON_ENABLED", "false"));
            ServiceProcess service = new ServiceProcess(module, port, settings.home().resolve(module),
                    settings.logDir().resolve(module + ".log"));
            launch(service, env);
        });
    }

    /** Starts a service unless Ctrl-C came first, so that stop() never misses a process started after it ran. */
    private synchronized void launch(ServiceProcess service, Map<String, String> env) {
        if (stopping) {
            throw new IllegalStateException("stopped before " + service.module() + " started");
        }
        System.out.println("Starting " + service.module() + " on port " + service.port());
        service.start(env);
        services.add(service);
        service.exitCode().thenAccept(code -> {
            if (up && !stopping) {
                System.out.println(service.module() + " exited with code " + code + "; see " + service.logFile());
            }
        });
    }

    private void awaitServicesReady() {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        for (ServiceProcess service : List.copyOf(services)) {
            try {
                service.awaitReady(http);
                System.out.println(service.module() + " is ready");
            } catch (IllegalStateException e) {
                if (stopping) {
                    throw e;
                }
                System.out.println(e.getMessage() + ". Last " + LOG_TAIL_LINES + " lines of " + service.logFile() + ":");
                service.logTail(LOG_TAIL_LINES).forEach(line -> System.out.println("  | " + line));
                throw new IllegalStateException(service.module() + " did not start");
            }
        }
    }

    private void printSummary() {
        StringBuilder out = new StringBuilder("\nThe proxy fleet is running.\n");
        summaryLine(out, "Kafka bootstrap", kafka.bootstrapServers());
        String pgLabel = "PostgreSQL";
        String user = "  (user " + PostgresServer.USER + ")";
        for (String database : FleetSettings.DATABASES) {
            summaryLine(out, pgLabel, postgres.jdbcUrl(database) + user);
            pgLabel = "";
            user = "";
        }
        if (services.isEmpty()) {
            summaryLine(out, "Services", "none built; ./run.sh --rebuild builds them");
        }
        for (ServiceProcess service : services) {
            String extra = service.module().equals("status-service") ? ", dashboard " + service.url() + "/" : "";
            summaryLine(out, service.module(), service.url() + "  (API " + service.url() + "/q/openapi" + extra + ")");
        }
        summaryLine(out, "Admin API token", LocalSecrets.adminToken(settings.dataDir())
                + "  (send 'Authorization: Bearer <token>'; kept in " + settings.dataDir().resolve(LocalSecrets.ADMIN_TOKEN_FILE) + ")");
        summaryLine(out, "Logs", settings.logDir() + ", " + settings.dataDir().resolve("kafka/kafka.log"));
        if (demo == null) {
            System.out.println(out.append("Ctrl-C stops everything."));
            return;
        }
        demo.describe((label, value) -> summaryLine(out, label, value));
        System.out.println(out.append("Ctrl-C stops everything, the demo's proxies too. The next ./run.sh --demo starts afresh;\n")
                .append("rm -rf ").append(settings.dataDir()).append(" removes the demo's data."));
    }

    private static void summaryLine(StringBuilder out, String label, String value) {
        out.append(String.format("  %-20s%s%n", label, value));
    }

    /** Stops services, then Kafka, then PostgreSQL; safe to call twice (main thread and shutdown hook). */
    private synchronized void stop() {
        if (stopping) {
            return;
        }
        stopping = true;
        if (demo != null) {
            attempt(demo::close, "the demo's proxies");
        }
        if (!services.isEmpty()) {
            System.out.println("Stopping " + services.stream().map(ServiceProcess::module).toList());
            services.forEach(ServiceProcess::signalStop);
            Instant deadline = Instant.now().plus(SERVICE_STOP_TIMEOUT);
            services.forEach(service -> service.awaitStop(deadline));
        }
        if (kafka != null) {
            System.out.println("Stopping Kafka");
            attempt(kafka::stop, "Kafka");
        }
        if (postgresStartup != null) {
            attempt(postgresStartup::stop, "PostgreSQL");
        }
        System.out.println("Stopped.");
    }

    /** One failing step must not keep the later ones from running. */
    private static void attempt(Runnable step, String what) {
        try {
            step.run();
        } catch (RuntimeException e) {
            System.out.println("  could not stop " + what + " cleanly: " + e.getMessage());
        }
    }
}
