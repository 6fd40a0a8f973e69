package dev.proxyfleet.deployment;

import static dev.proxyfleet.deployment.Manifests.containers;
import static dev.proxyfleet.deployment.Manifests.name;
import static dev.proxyfleet.deployment.Repo.at;
import static org.assertj.core.api.Assertions.assertThat;

import dev.proxyfleet.contracts.EventType;
import dev.proxyfleet.contracts.Topic;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Who may do what on Kafka, checked against the contract and the code: a topic is written only by the one writer the
 * contract names and read only by the services whose code consumes it; a dead-letter topic is written by exactly the
 * consumers of its topic; a consumer group is read only by the service it belongs to. Clients log in, as their own
 * KafkaUser, to the one listener, which authenticates and authorizes.
 */
class KafkaAccessTest {

    /** The contract's "written by" column; external writers are the KafkaUsers of kafka-clients.yaml. */
    private static final Map<String, String> WRITER = Map.ofEntries(
            Map.entry("proxy-inventory", "inventory-service"),
            Map.entry("provider-inventory", "inventory-service"),
            Map.entry("account-events", "account-services"),
            Map.entry("assignment-events", "assignment-service"),
            Map.entry("proxy-health", "health-service"),
            Map.entry("proxy-usage", "usage-reporters"),
            Map.entry("api-keys", "inventory-service"),
            Map.entry("assignment-state", "assignment-service"),
            Map.entry("proxy-health-state", "health-service"),
            Map.entry("fleet-settings", "inventory-service"),
            Map.entry("provider-health", "health-service"));
    private static final Pattern NAMED = Pattern.compile("\\b(Topic|Topics|EventType)\\.([A-Z_]+)\\b");
    private static final Set<String> READING = Set.of("Read", "Describe");
    private static final Set<String> WRITING = Set.of("Write", "Describe");

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyTopicHasAclsForExactlyItsWriterAndTheServicesThatConsumeIt(String overlay) throws Exception {
        Manifests manifests = Manifests.of(overlay);
        for (Topic topic : Topic.values()) {
            String name = topic.topicName();
            String writer = WRITER.get(name);
            Set<String> readers = Repo.serviceModules().stream().filter(service -> !service.equals(writer))
                    .filter(service -> topicsNamedInCode(service).contains(name)).collect(Collectors.toCollection(TreeSet::new));

            assertThat(users(manifests, "topic", name, WRITING)).as(name + " writers").containsExactly(writer);
            assertThat(users(manifests, "topic", name, READING)).as(name + " readers").containsExactlyElementsOf(readers);
            assertThat(users(manifests, "topic", topic.dlqName(), WRITING)).as(topic.dlqName() + " writers").containsExactlyElementsOf(readers);
            assertThat(users(manifests, "topic", topic.dlqName(), READING)).as(topic.dlqName() + " readers").isEmpty();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void eachServiceReadsOnlyItsOwnConsumerGroupsAndOnlyNamedResources(String overlay) throws Exception {
        Manifests manifests = Manifests.of(overlay);
        Map<String, Set<String>> groups = Map.of(
                "inventory-service", Set.of("inventory-service"),
                "assignment-service", Set.of("assignment-service"),
                "health-service", Set.of("health-service", healthOwnerGroup()),
                "status-service", Set.of("status-service"));
        for (Map<String, Object> user : manifests.ofKind("KafkaUser")) {
            List<Map<String, Object>> acls = at(user, "spec", "authorization", "acls");
            assertThat(acls).as(name(user)).isNotEmpty().allSatisfy(acl -> {
                assertThat((String) at(acl, "resource", "type")).isIn("topic", "group");
                assertThat((String) at(acl, "resource", "patternType")).as("no prefix or wildcard").isIn(null, "literal");
                assertThat((String) at(acl, "resource", "name")).doesNotContain("*");
            });
            Set<String> readGroups = acls.stream().filter(acl -> "group".equals(at(acl, "resource", "type")))
                    .map(acl -> (String) at(acl, "resource", "name")).collect(Collectors.toSet());
            assertThat(readGroups).as(name(user)).isEqualTo(groups.getOrDefault(name(user), Set.of()));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void servicesLogInAsTheirOwnUserToTheOneAuthenticatedListener(String overlay) throws Exception {
        Manifests manifests = Manifests.of(overlay);
        Map<String, Object> kafka = manifests.ofKind("Kafka").get(0);
        List<Map<String, Object>> listeners = at(kafka, "spec", "kafka", "listeners");

        assertThat(listeners).singleElement().satisfies(listener -> {
            assertThat((String) at(listener, "authentication", "type")).isEqualTo("scram-sha-512");
            assertThat((Boolean) listener.get("tls")).isTrue();
            assertThat(manifests.configValue("fleet-platform", "KAFKA_BOOTSTRAP_SERVERS")).isEqualTo(name(kafka) + "-kafka-bootstrap:" + listener.get("port"));
        });
        assertThat((String) at(kafka, "spec", "kafka", "authorization", "type")).isEqualTo("simple");
        assertThat((String) at(kafka, "spec", "kafka", "version")).as("the brokers run the Kafka version the local run and the tests use")
                .isEqualTo(rootPomProperty("kafka.version"));
        manifests.ofKind("KafkaUser", "KafkaTopic").forEach(resource ->
                assertThat((String) at(resource, "metadata", "labels", "strimzi.io/cluster")).isEqualTo(name(kafka)));
        for (String service : Repo.serviceModules()) {
            Map<String, Object> container = containers(manifests.find("Deployment", service).orElseThrow()).get(0);
            List<Map<String, Object>> env = (List<Map<String, Object>>) container.get("env");
            assertThat(env).as(service).anySatisfy(variable -> {
                assertThat(variable.get("name")).isEqualTo("KAFKA_SASL_JAAS_CONFIG");
                assertThat((String) at(variable, "valueFrom", "secretKeyRef", "name")).isEqualTo(service);
            });
            assertThat(manifests.environment(container)).containsEntry("KAFKA_SECURITY_PROTOCOL", "SASL_SSL")
                    .containsEntry("KAFKA_SASL_MECHANISM", "SCRAM-SHA-512");
            assertThat(manifests.find("KafkaUser", service)).as(service + "'s KafkaUser").isPresent();
        }
    }

    /** The users allowed every one of these operations on a resource. */
    private static Set<String> users(Manifests manifests, String type, String resource, Set<String> operations) {
        Set<String> users = new TreeSet<>();
        for (Map<String, Object> user : manifests.ofKind("KafkaUser")) {
            List<Map<String, Object>> acls = at(user, "spec", "authorization", "acls");
            Set<String> allowed = new HashSet<>();
            acls.stream().filter(acl -> type.equals(at(acl, "resource", "type")) && resource.equals(at(acl, "resource", "name")))
                    .forEach(acl -> allowed.addAll((List<String>) acl.get("operations")));
            if (allowed.containsAll(operations)) {
                users.add(name(user));
            }
        }
        return users;
    }

    /**
     * Topics a service's code consumes or publishes: every {@code Topic.X}, every {@code Topics.X} (the names its
     * {@code @Incoming} channels take) and the topic of every {@code EventType.X}.
     */
    private static Set<String> topicsNamedInCode(String service) {
        Set<String> topics = new HashSet<>();
        try (Stream<Path> files = Files.walk(Repo.ROOT.resolve(service).resolve("src/main/java"))) {
            files.filter(file -> file.toString().endsWith(".java")).map(Repo::read)
                    .forEach(source -> NAMED.matcher(source).results().forEach(m -> topicOf(m.group(1), m.group(2)).ifPresent(topics::add)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return topics;
    }

    private static Optional<String> topicOf(String type, String constant) {
        if (type.equals("EventType")) {
            return Optional.of(EventType.valueOf(constant).topic().topicName());
        }
        return Stream.of(Topic.values()).filter(topic -> topic.name().equals(constant)).map(Topic::topicName).findFirst();
    }

    /** health-service's owner group, which splits the fleet among its replicas: the default in its HealthConfig. */
    private static String healthOwnerGroup() {
        String config = Repo.read("health-service/src/main/java/dev/proxyfleet/health/HealthConfig.java");
        var owner = Pattern.compile("@WithDefault\\(\"([^\"]+)\"\\)\\s+String ownerGroupId\\(\\)").matcher(config);
        assertThat(owner.find()).as("HealthConfig.ownerGroupId() has a default").isTrue();
        return owner.group(1);
    }

    private static String rootPomProperty(String property) {
        String pom = Repo.read("pom.xml");
        int start = pom.indexOf("<" + property + ">") + property.length() + 2;
        return pom.substring(start, pom.indexOf("</" + property + ">"));
    }
}
