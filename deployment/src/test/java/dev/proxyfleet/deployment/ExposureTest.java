package dev.proxyfleet.deployment;

import static dev.proxyfleet.deployment.Manifests.containers;
import static dev.proxyfleet.deployment.Manifests.name;
import static dev.proxyfleet.deployment.Repo.at;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What is reachable, and from where: the one public host serves the dashboard and every API the dashboard calls, the
 * browser's origin is the one the APIs allow, NetworkPolicies select pods that exist, and production's database is
 * backed up on a schedule.
 */
class ExposureTest {

    private static final String PUBLIC_URL = "FLEET_PUBLIC_URL";

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void theDashboardCallsEachServiceThroughARouteToItsApi(String overlay) throws Exception {
        Manifests manifests = Manifests.of(overlay);
        String publicUrl = manifests.configValue("fleet-platform", PUBLIC_URL);
        Map<String, String> status = manifests.environment(containers(manifests.find("Deployment", "status-service").orElseThrow()).get(0));
        List<Map<String, Object>> rules = at(manifests.ofKind("HTTPRoute").get(0), "spec", "rules");

        for (String service : List.of("inventory", "assignment", "health")) {
            String uiUrl = status.get("STATUS_UI_" + service.toUpperCase() + "_URL");
            assertThat(uiUrl.replace("$(" + PUBLIC_URL + ")", publicUrl)).isEqualTo(publicUrl + "/" + service);
            assertThat(backendFor(rules, "/" + service + "/api")).isEqualTo(service + "-service");
            assertThat(rewriteFor(rules, "/" + service + "/api")).isEqualTo("/api");
        }
        assertThat(backendFor(rules, "/api")).isEqualTo("status-service");
        assertThat(backendFor(rules, "/ws")).isEqualTo("status-service");
        assertThat(rules.stream().flatMap(rule -> ((List<Map<String, Object>>) rule.get("matches")).stream())
                .map(match -> (String) at(match, "path", "value"))).as("/q/* stays inside").noneMatch(path -> path.startsWith("/q"));
        for (Map<String, Object> rule : rules) {
            for (Map<String, Object> backend : (List<Map<String, Object>>) rule.get("backendRefs")) {
                Map<String, Object> service = manifests.find("Service", (String) backend.get("name")).orElseThrow();
                assertThat((List<Map<String, Object>>) at(service, "spec", "ports")).anySatisfy(port -> assertThat(port.get("port")).isEqualTo(backend.get("port")));
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void browsersMayCallFromThePublicOriginOnly(String overlay) throws Exception {
        Manifests manifests = Manifests.of(overlay);
        for (String service : Repo.serviceModules()) {
            List<Map<String, Object>> env = (List<Map<String, Object>>) containers(manifests.find("Deployment", service).orElseThrow()).get(0).get("env");
            assertThat(env).as(service).anySatisfy(variable -> {
                assertThat(variable.get("name")).isEqualTo("QUARKUS_HTTP_CORS_ORIGINS");
                assertThat((String) at(variable, "valueFrom", "configMapKeyRef", "key")).isEqualTo(PUBLIC_URL);
            });
        }
    }

    @Test
    void productionAnswersOnlyForThePublicHost() throws Exception {
        Manifests manifests = Manifests.of("prod");
        String host = URI.create(manifests.configValue("fleet-platform", PUBLIC_URL)).getHost();

        assertThat(manifests.ofKind("HTTPRoute")).allSatisfy(route -> assertThat((List<String>) at(route, "spec", "hostnames")).containsExactly(host));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyNetworkPolicySelectsPodsThatExistAndEveryServiceIsCovered(String overlay) throws Exception {
        Manifests manifests = Manifests.of(overlay);
        List<Map<String, String>> podLabels = new ArrayList<>();
        manifests.ofKind("Deployment", "StatefulSet").forEach(workload -> podLabels.add(at(workload, "spec", "template", "metadata", "labels")));
        manifests.ofKind("Cluster").forEach(cluster -> podLabels.add(at(cluster, "spec", "inheritedMetadata", "labels")));
        List<Map<String, Object>> policies = manifests.ofKind("NetworkPolicy");

        assertThat(policies).anySatisfy(policy -> {
            assertThat((Map<String, Object>) at(policy, "spec", "podSelector")).isEmpty();
            assertThat((List<String>) at(policy, "spec", "policyTypes")).containsExactly("Ingress");
            assertThat((Object) at(policy, "spec", "ingress")).as("default deny").isNull();
        });
        for (Map<String, Object> policy : policies) {
            assertThat(podLabels).as(name(policy) + " selects pods").anySatisfy(labels -> assertThat(labels).containsAllEntriesOf(selector(policy)));
        }
        for (String service : Repo.serviceModules()) {
            Map<String, String> labels = at(manifests.find("Deployment", service).orElseThrow(), "spec", "template", "metadata", "labels");
            for (String direction : List.of("Ingress", "Egress")) {
                assertThat(policies).as(service + " " + direction).anySatisfy(policy -> {
                    assertThat((List<String>) at(policy, "spec", "policyTypes")).contains(direction);
                    assertThat(labels).containsAllEntriesOf(selector(policy));
                });
            }
        }
    }

    @Test
    void productionDatabaseIsBackedUpOnASchedule() throws Exception {
        Manifests manifests = Manifests.of("prod");
        Map<String, Object> cluster = manifests.ofKind("Cluster").get(0);
        Map<String, Object> plugin = at(cluster, "spec", "plugins", 0);
        Map<String, Object> scheduled = manifests.ofKind("ScheduledBackup").get(0);

        assertThat((Boolean) plugin.get("isWALArchiver")).isTrue();
        assertThat(manifests.find("ObjectStore", at(plugin, "parameters", "barmanObjectName"))).isPresent();
        assertThat((String) at(scheduled, "spec", "cluster", "name")).isEqualTo(name(cluster));
        assertThat((String) at(scheduled, "spec", "pluginConfiguration", "name")).isEqualTo(plugin.get("name"));
        assertThat(((String) at(scheduled, "spec", "schedule")).split(" ")).as("seconds minutes hours days months weekdays").hasSize(6);
    }

    /** The labels a policy's pods must carry; none for {@code podSelector: {}}, which selects every pod. */
    private static Map<String, String> selector(Map<String, Object> policy) {
        Map<String, String> labels = at(policy, "spec", "podSelector", "matchLabels");
        return labels == null ? Map.of() : labels;
    }

    private static Map<String, Object> ruleFor(List<Map<String, Object>> rules, String path) {
        return rules.stream().filter(rule -> ((List<Map<String, Object>>) rule.get("matches")).stream()
                .anyMatch(match -> path.equals(at(match, "path", "value")))).findFirst().orElseThrow(() -> new AssertionError("no route for " + path));
    }

    private static String backendFor(List<Map<String, Object>> rules, String path) {
        return at(ruleFor(rules, path), "backendRefs", 0, "name");
    }

    private static String rewriteFor(List<Map<String, Object>> rules, String path) {
        return at(ruleFor(rules, path), "filters", 0, "urlRewrite", "path", "replacePrefixMatch");
    }
}
