package dev.proxyfleet.deployment;

import static dev.proxyfleet.deployment.Repo.at;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * docker-compose.yml cannot be started on machines without a container engine, so it is checked against the code:
 * every service it runs is a module, every port and variable is one the service reads, every topic is the contract's.
 */
class DockerComposeTest {

    private static final Map<String, Object> COMPOSE = Repo.yaml("docker-compose.yml");
    private static final Map<String, Object> SERVICES = at(COMPOSE, "services");
    private static final Pattern CREATE_TOPIC = Pattern.compile("^\\s*create (\\S+) (\\S+)$", Pattern.MULTILINE);

    @Test
    void runsEveryServiceModuleBuiltFromTheSharedDockerfile() {
        List<String> composed = SERVICES.keySet().stream().filter(name -> name.endsWith("-service")).toList();

        assertThat(composed).containsExactlyInAnyOrderElementsOf(Repo.serviceModules());
        composed.forEach(service -> {
            assertThat((String) at(SERVICES, service, "build", "context")).isEqualTo(".");
            assertThat((String) at(SERVICES, service, "build", "args", "SERVICE")).isEqualTo(service);
        });
        assertThat(Repo.read("Dockerfile")).contains("ARG SERVICE", "-pl \"${SERVICE}\"", "/src/${SERVICE}/target/quarkus-app/");
    }

    @Test
    void publishesEachServiceOnItsLocalRunPort() {
        for (String service : Repo.serviceModules()) {
            String containerPort = String.valueOf((Object) at(SERVICES, service, "environment", "QUARKUS_HTTP_PORT"));
            assertThat((List<String>) at(SERVICES, service, "ports")).as(service + ": on loopback only")
                    .containsExactly("127.0.0.1:" + ServiceModule.load(service).httpPort() + ":" + containerPort);
            assertThat((List<String>) at(SERVICES, service, "healthcheck", "test")).as(service)
                    .anySatisfy(part -> assertThat(part).contains("/dev/tcp/127.0.0.1/" + containerPort + " ", "/q/health/ready"));
        }
    }

    @Test
    void setsOnlyVariablesTheServicesRead() {
        for (String service : Repo.serviceModules()) {
            ServiceModule module = ServiceModule.load(service);
            Map<String, Object> environment = at(SERVICES, service, "environment");
            assertThat(environment.keySet()).as(service).isNotEmpty().allSatisfy(variable ->
                    assertThat(module.reads(variable)).as(service + " reads " + variable).isTrue());
        }
    }

    @Test
    void pointsTheDashboardAtEachServiceWhereTheHostPublishesIt() {
        for (String service : List.of("inventory-service", "assignment-service", "health-service")) {
            String variable = "STATUS_UI_" + service.substring(0, service.indexOf('-')).toUpperCase() + "_URL";
            String published = ((List<String>) at(SERVICES, service, "ports")).get(0);
            assertThat((String) at(SERVICES, "status-service", "environment", variable))
                    .isEqualTo("http://" + published.substring(0, published.lastIndexOf(':')));
        }
    }

    @Test
    void keepsKafkaDataInItsVolume() {
        String logDirs = at(SERVICES, "kafka", "environment", "KAFKA_LOG_DIRS");

        assertThat((List<String>) at(SERVICES, "kafka", "volumes")).contains("kafka-data:" + logDirs);
        assertThat((Map<String, Object>) at(COMPOSE, "volumes")).containsKey("kafka-data");
    }

    @Test
    void givesEveryServiceTheTokenHashesFromAnIgnoredDotEnv() {
        for (String service : Repo.serviceModules()) {
            assertThat((String) at(SERVICES, service, "environment", "FLEET_SECURITY_TOKENS")).as(service)
                    .startsWith("${FLEET_SECURITY_TOKENS:?");
        }
        assertThat(Repo.read(".gitignore").lines()).contains(".env");
        assertThat(Repo.read(".dockerignore").lines()).contains(".env");
    }

    @Test
    void pointsEachServiceAtItsOwnDatabaseWhichPostgresCreates() {
        String created = Repo.read("k8s/overlays/dev/create-databases.sql");
        assertThat((List<String>) at(SERVICES, "postgres", "volumes")).anySatisfy(volume ->
                assertThat(volume).startsWith("./k8s/overlays/dev/create-databases.sql:/docker-entrypoint-initdb.d/"));
        for (String service : Repo.serviceModules()) {
            String database = ServiceModule.load(service).database();
            assertThat((String) at(SERVICES, service, "environment", "QUARKUS_DATASOURCE_REACTIVE_URL"))
                    .isEqualTo("postgresql://postgres:5432/" + database);
            assertThat(created).contains("CREATE DATABASE " + database + ";");
        }
    }

    @Test
    void createsTheContractTopicsWithTheirCleanupPolicies() {
        String script = String.join("\n", (List<String>) at(SERVICES, "kafka-topics", "command"));
        Map<String, String> created = new LinkedHashMap<>();
        CREATE_TOPIC.matcher(script).results().forEach(m -> created.put(m.group(1), m.group(2)));

        assertThat(created).isEqualTo(Repo.contractTopics());
        assertThat(script).contains("--partitions " + Repo.PARTITIONS);
    }

    @Test
    void startsServicesOnlyOnceKafkaTopicsAndPostgresAreReady() {
        assertThat((Object) at(SERVICES, "kafka", "healthcheck", "test")).isNotNull();
        assertThat((Object) at(SERVICES, "postgres", "healthcheck", "test")).isNotNull();
        assertThat((String) at(SERVICES, "kafka-topics", "depends_on", "kafka", "condition")).isEqualTo("service_healthy");
        for (String service : Repo.serviceModules()) {
            assertThat((String) at(SERVICES, service, "depends_on", "postgres", "condition")).isEqualTo("service_healthy");
            assertThat((String) at(SERVICES, service, "depends_on", "kafka-topics", "condition"))
                    .isEqualTo("service_completed_successfully");
        }
    }
}
