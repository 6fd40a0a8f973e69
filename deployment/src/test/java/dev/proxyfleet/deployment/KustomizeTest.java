package dev.proxyfleet.deployment;

import static dev.proxyfleet.deployment.Manifests.containers;
import static dev.proxyfleet.deployment.Manifests.name;
import static dev.proxyfleet.deployment.Repo.at;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The k8s/ overlays as Kubernetes would receive them (rendered by {@code kubectl kustomize}), checked against the
 * code and the contract: every service module is deployed with variables it reads, every selector and reference
 * resolves, topics match the contract, and secrets are referenced, never written into the manifests.
 */
class KustomizeTest {

    private static final Pattern EXPANSION = Pattern.compile("\\$\\((\\w+)\\)");

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyServiceModuleRunsAsADeploymentOfItsOwnImage(String overlay) throws Exception {
        Manifests manifests = Manifests.of(overlay);
        assertThat(manifests.ofKind("Deployment").stream().map(Manifests::name)).containsExactlyInAnyOrderElementsOf(Repo.serviceModules());
        for (String service : Repo.serviceModules()) {
            Map<String, Object> container = containers(manifests.find("Deployment", service).orElseThrow()).get(0);
            assertThat((String) container.get("image")).startsWith("proxy-fleet/" + service);
            assertThat((Object) at(container, "ports", 0, "containerPort")).hasToString(manifests.environment(container).get("QUARKUS_HTTP_PORT"));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void servicesAreGivenOnlyVariablesTheyRead(String overlay) throws Exception {
        Manifests manifests = Manifests.of(overlay);
        for (String service : Repo.serviceModules()) {
            ServiceModule module = ServiceModule.load(service);
            Map<String, String> environment = manifests.environment(containers(manifests.find("Deployment", service).orElseThrow()).get(0));
            String expanded = String.join(" ", environment.values());
            assertThat(environment.keySet()).as(service).allSatisfy(variable -> assertThat(module.reads(variable)
                    || expanded.contains("$(" + variable + ")"))
                    .as(service + " reads " + variable).isTrue());
            assertThat(EXPANSION.matcher(expanded).results().map(m -> m.group(1))).as(service + ": defined before use")
                    .allSatisfy(variable -> assertThat(environment).containsKey(variable));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void eachServiceUsesItsOwnDatabaseWhichTheOverlayCreates(String overlay) throws Exception {
        Manifests manifests = Manifests.of(overlay);
        List<String> created = new ArrayList<>();
        manifests.ofKind("Cluster").forEach(cluster -> created.add(at(cluster, "spec", "bootstrap", "initdb", "database")));
        manifests.ofKind("Database").forEach(database -> created.add(at(database, "spec", "name")));
        if (manifests.find("StatefulSet", "postgres").isPresent()) {
            Repo.read("k8s/overlays/dev/create-databases.sql").lines().filter(line -> line.startsWith("CREATE DATABASE "))
                    .forEach(line -> created.add(line.substring("CREATE DATABASE ".length(), line.length() - 1)));
        }
        for (String service : Repo.serviceModules()) {
            Map<String, String> environment = manifests.environment(containers(manifests.find("Deployment", service).orElseThrow()).get(0));
            String database = ServiceModule.load(service).database();
            assertThat(environment).containsEntry("DB_NAME", database);
            assertThat(environment.get("QUARKUS_DATASOURCE_REACTIVE_URL")).isEqualTo("postgresql://$(DB_HOST):5432/$(DB_NAME)");
            assertThat(created).contains(database);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void selectorsMatchLabelsAndEveryReferenceResolves(String overlay) throws Exception {
        Manifests manifests = Manifests.of(overlay);
        List<Map<String, Object>> workloads = manifests.ofKind("Deployment", "StatefulSet");
        for (Map<String, Object> workload : workloads) {
            Map<String, String> podLabels = at(workload, "spec", "template", "metadata", "labels");
            assertThat(podLabels).as(name(workload)).containsAllEntriesOf(at(workload, "spec", "selector", "matchLabels"));
        }
        for (Map<String, Object> service : manifests.ofKind("Service")) {
            Map<String, Object> target = selectedWorkload(workloads, at(service, "spec", "selector"));
            List<Object> containerPorts = containers(target).stream()
                    .flatMap(container -> ((List<Map<String, Object>>) container.get("ports")).stream()).map(port -> port.get("name")).toList();
            ((List<Map<String, Object>>) at(service, "spec", "ports")).forEach(port -> assertThat(containerPorts).contains(port.get("targetPort")));
        }
        manifests.ofKind("PodDisruptionBudget").forEach(budget -> selectedWorkload(workloads, at(budget, "spec", "selector", "matchLabels")));
        manifests.ofKind("HorizontalPodAutoscaler").forEach(autoscaler ->
                assertThat(manifests.find("Deployment", at(autoscaler, "spec", "scaleTargetRef", "name"))).isPresent());
        for (String reference : List.of("configMapRef", "configMapKeyRef", "configMap")) {
            assertThat(Manifests.referencedNames(manifests.objects(), reference)).as(reference)
                    .allSatisfy(name -> assertThat(manifests.find("ConfigMap", name)).as(name).isPresent());
        }
    }

    /**
     * No Secret is written into the manifests. Each one referenced (by a variable, a volume or a backup object store)
     * is made by an operator from a resource of the overlay (Strimzi: a KafkaUser's password, the cluster CA;
     * CloudNativePG: the database owner's credentials), or docs/deploy.md tells how to create it.
     */
    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void secretsAreReferencedNeverWrittenIntoTheManifests(String overlay) throws Exception {
        Manifests manifests = Manifests.of(overlay);
        String docs = Repo.read("docs/deploy.md");
        Set<String> madeByOperators = new HashSet<>();
        manifests.ofKind("KafkaUser").forEach(user -> madeByOperators.add(name(user)));
        manifests.ofKind("Kafka").forEach(kafka -> madeByOperators.add(name(kafka) + "-cluster-ca-cert"));
        manifests.ofKind("Cluster").forEach(cluster -> madeByOperators.add(name(cluster) + "-app"));
        List<String> referenced = new ArrayList<>(Manifests.referencedNames(manifests.objects(), "secretKeyRef"));
        referenced.addAll(Manifests.referencedNames(manifests.ofKind("ObjectStore"), "accessKeyId"));
        referenced.addAll(Manifests.referencedNames(manifests.ofKind("ObjectStore"), "secretAccessKey"));
        manifests.ofKind("Deployment", "StatefulSet").forEach(workload -> ((List<Map<String, Object>>) at(workload, "spec", "template", "spec", "volumes"))
                .stream().filter(volume -> volume.containsKey("secret")).forEach(volume -> referenced.add(at(volume, "secret", "secretName"))));

        assertThat(manifests.ofKind("Secret")).isEmpty();
        assertThat(referenced).isNotEmpty().allSatisfy(secret -> assertThat(madeByOperators.contains(secret)
                || docs.contains("create secret generic " + secret + " ")).as(secret + " is made by an operator or documented").isTrue());
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyServiceIsScaledByItsAutoscalerAndSpreadOverZones(String overlay) throws Exception {
        Manifests manifests = Manifests.of(overlay);
        for (Map<String, Object> deployment : manifests.ofKind("Deployment")) {
            String service = name(deployment);
            Map<String, String> podLabels = at(deployment, "spec", "template", "metadata", "labels");
            List<Map<String, Object>> spread = at(deployment, "spec", "template", "spec", "topologySpreadConstraints");

            assertThat((Map<String, Object>) deployment.get("spec")).as(service + ": the autoscaler owns the count").doesNotContainKey("replicas");
            assertThat(manifests.ofKind("HorizontalPodAutoscaler")).as(service)
                    .anySatisfy(autoscaler -> assertThat((String) at(autoscaler, "spec", "scaleTargetRef", "name")).isEqualTo(service));
            assertThat(spread).as(service).anySatisfy(constraint -> {
                assertThat(constraint.get("topologyKey")).isEqualTo("topology.kubernetes.io/zone");
                assertThat(podLabels).containsAllEntriesOf(at(constraint, "labelSelector", "matchLabels"))
                        .containsEntry("app.kubernetes.io/name", service);
            });
        }
    }

    @Test
    void productionImagesArePinnedReleases() throws Exception {
        Manifests manifests = Manifests.of("prod");
        manifests.ofKind("Deployment", "StatefulSet").forEach(workload -> containers(workload).forEach(container -> {
            String image = (String) container.get("image");
            assertThat(image.substring(image.lastIndexOf('/') + 1)).as(image).contains(":").doesNotEndWith(":latest");
        }));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyServiceIsProbedBoundedAndLockedDown(String overlay) throws Exception {
        Manifests manifests = Manifests.of(overlay);
        for (String service : Repo.serviceModules()) {
            Map<String, Object> deployment = manifests.find("Deployment", service).orElseThrow();
            Map<String, Object> container = containers(deployment).get(0);
            assertThat((String) at(container, "startupProbe", "httpGet", "path")).isEqualTo("/q/health/started");
            assertThat((String) at(container, "livenessProbe", "httpGet", "path")).isEqualTo("/q/health/live");
            assertThat((String) at(container, "readinessProbe", "httpGet", "path")).isEqualTo("/q/health/ready");
            assertThat((Object) at(container, "resources", "requests", "cpu")).isNotNull();
            assertThat((Object) at(container, "resources", "limits", "memory")).isNotNull();
            assertThat((Boolean) at(deployment, "spec", "template", "spec", "securityContext", "runAsNonRoot")).isTrue();
            assertThat((Boolean) at(container, "securityContext", "readOnlyRootFilesystem")).isTrue();
            assertThat((Boolean) at(container, "securityContext", "allowPrivilegeEscalation")).isFalse();
            assertThat((Integer) at(deployment, "spec", "template", "spec", "terminationGracePeriodSeconds")).as(service)
                    .isGreaterThan(Integer.parseInt(ServiceModule.load(service).properties().getProperty("quarkus.shutdown.timeout").replace("s", "")));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void kafkaTopicsAreTheContractsWithRoomForEveryAutoscaledReplica(String overlay) throws Exception {
        Manifests manifests = Manifests.of(overlay);
        String cluster = name(manifests.ofKind("Kafka").get(0));
        int brokers = manifests.ofKind("KafkaNodePool").stream().mapToInt(pool -> at(pool, "spec", "replicas")).sum();
        Map<String, String> topics = new LinkedHashMap<>();
        for (Map<String, Object> topic : manifests.ofKind("KafkaTopic")) {
            topics.put(name(topic), at(topic, "spec", "config", "cleanup.policy"));
            assertThat((String) at(topic, "metadata", "labels", "strimzi.io/cluster")).isEqualTo(cluster);
            assertThat((Integer) at(topic, "spec", "partitions")).isEqualTo(Repo.PARTITIONS);
            assertThat((Integer) at(topic, "spec", "replicas")).isBetween(1, brokers);
        }
        assertThat(topics).isEqualTo(Repo.contractTopics());
        manifests.ofKind("HorizontalPodAutoscaler").forEach(autoscaler ->
                assertThat((Integer) at(autoscaler, "spec", "maxReplicas")).isLessThanOrEqualTo(Repo.PARTITIONS));
    }

    /** The one workload whose pods carry every label of the selector. */
    private static Map<String, Object> selectedWorkload(List<Map<String, Object>> workloads, Map<String, String> selector) {
        List<Map<String, Object>> selected = workloads.stream()
                .filter(workload -> ((Map<String, String>) at(workload, "spec", "template", "metadata", "labels")).entrySet()
                        .containsAll(selector.entrySet())).toList();
        assertThat(selected).as("workloads selected by " + selector).hasSize(1);
        return selected.get(0);
    }
}
