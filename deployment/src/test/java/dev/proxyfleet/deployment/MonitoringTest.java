package dev.proxyfleet.deployment;

import static dev.proxyfleet.deployment.Manifests.name;
import static dev.proxyfleet.deployment.Repo.at;
import static org.assertj.core.api.Assertions.assertThat;

import dev.proxyfleet.localinfra.DebianPackages;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.MatchResult;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/**
 * Alerts and the dashboard query metrics by their Prometheus names; a renamed meter would silence an alert without
 * any error. Every {@code fleet_*} name they use must be one the Java sources register with Micrometer.
 */
class MonitoringTest {

    /**
     * Being rewritten in parallel (consumer lag as a gauge per topic, records sent to {@code <topic>.dlq} as a counter
     * per topic); allowed under these names until the code registers them, which the first test then also sees.
     */
    private static final Set<String> ANNOUNCED = Set.of("fleet_consumer_lag", "fleet_dead_letters_total");
    /** Micrometer registrations: {@code Gauge.builder("a.b")}, {@code registry.counter("a.b", …)} and the like. */
    private static final Pattern METER = Pattern.compile(
            "(Gauge|Counter|Timer|DistributionSummary)\\.builder\\(\\s*\"(fleet\\.[a-z.]+)\"|\\.(gauge|counter|timer|summary)\\(\\s*\"(fleet\\.[a-z.]+)\"");
    private static final Pattern QUERIED = Pattern.compile("\\bfleet_[a-z_]+");
    private static final List<String> ALERTS = List.of("FleetOutboxStuck", "FleetConsumerLagGrowing", "FleetDeadLetters",
            "FleetProxiesFailing", "FleetProviderOutage", "FleetEgressDown", "FleetPendingAccountsGrowing", "FleetNoProbes");

    @Test
    void everyMetricTheAlertsAndTheDashboardQueryIsExportedByTheCode() throws Exception {
        Manifests manifests = Manifests.of("prod");
        Set<String> exported = exportedByCode();
        Set<String> queried = new HashSet<>();
        for (Map<String, Object> rule : rules(manifests)) {
            QUERIED.matcher((String) rule.get("expr")).results().forEach(m -> queried.add(m.group()));
        }
        QUERIED.matcher(Repo.read("k8s/base/monitoring/fleet-dashboard.json")).results().forEach(m -> queried.add(m.group()));

        assertThat(exported).contains("fleet_outbox_oldest_age_seconds", "fleet_health_probes_total", "fleet_assignment_pending");
        assertThat(queried).isNotEmpty().allSatisfy(metric -> assertThat(exported.contains(metric) || ANNOUNCED.contains(metric))
                .as(metric + " is registered in the Java sources").isTrue());
    }

    @Test
    void theAlertsThatMatterAreThere() throws Exception {
        List<Map<String, Object>> rules = rules(Manifests.of("prod"));

        assertThat(rules.stream().map(rule -> (String) rule.get("alert"))).containsExactlyInAnyOrderElementsOf(ALERTS);
        assertThat(rules).allSatisfy(rule -> {
            assertThat((String) at(rule, "labels", "severity")).isIn("warning", "critical");
            assertThat((String) at(rule, "annotations", "summary")).isNotBlank();
        });
    }

    /**
     * Each alert fires when it should and not before, on the synthetic series of alerts-test.yml, evaluated by
     * Prometheus's own {@code promtool} (Debian package prometheus; skipped with a message where it is missing).
     */
    @Test
    void theAlertsFireOnTheSituationsTheyAreFor(@TempDir Path dir) throws Exception {
        Optional<Path> promtool = DebianPackages.ensure("promtool", "prometheus");
        Assumptions.assumeTrue(promtool.isPresent(), DebianPackages.missingMessage("promtool", "prometheus"));
        Map<String, Object> rule = Manifests.of("prod").ofKind("PrometheusRule").get(0);
        Files.writeString(dir.resolve("rules.yml"), new Yaml().dump(rule.get("spec")));
        try (var tests = MonitoringTest.class.getResourceAsStream("/alerts-test.yml")) {
            Files.write(dir.resolve("alerts-test.yml"), tests.readAllBytes());
        }

        Process check = new ProcessBuilder(promtool.get().toString(), "test", "rules", "alerts-test.yml")
                .directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(check.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(check.exitValue()).as(output).isZero();
    }

    @Test
    void everyServiceAndTheBrokersAreScraped() throws Exception {
        Manifests manifests = Manifests.of("prod");
        Map<String, Object> monitor = manifests.ofKind("ServiceMonitor").get(0);
        Map<String, String> selector = at(monitor, "spec", "selector", "matchLabels");
        Map<String, Object> endpoint = at(monitor, "spec", "endpoints", 0);
        for (String service : Repo.serviceModules()) {
            Map<String, Object> scraped = manifests.find("Service", service).orElseThrow();
            assertThat((Map<String, String>) at(scraped, "metadata", "labels")).as(service).containsAllEntriesOf(selector);
            assertThat((List<Map<String, Object>>) at(scraped, "spec", "ports")).anySatisfy(port -> assertThat(port.get("name")).isEqualTo(endpoint.get("port")));
        }
        assertThat(endpoint.get("path")).isEqualTo("/q/metrics");

        Map<String, Object> kafka = manifests.ofKind("Kafka").get(0);
        String configMap = at(kafka, "spec", "kafka", "metricsConfig", "valueFrom", "configMapKeyRef", "name");
        String key = at(kafka, "spec", "kafka", "metricsConfig", "valueFrom", "configMapKeyRef", "key");
        assertThat((String) at(manifests.find("ConfigMap", configMap).orElseThrow(), "data", key)).contains("rules:");
        assertThat((String) at(manifests.ofKind("PodMonitor").get(0), "spec", "selector", "matchLabels", "strimzi.io/cluster")).isEqualTo(name(kafka));
        assertThat(manifests.ofKind("ConfigMap")).anySatisfy(dashboard ->
                assertThat((String) at(dashboard, "metadata", "labels", "grafana_dashboard")).isEqualTo("1"));
    }

    private static List<Map<String, Object>> rules(Manifests manifests) {
        return manifests.ofKind("PrometheusRule").stream()
                .flatMap(rule -> ((List<Map<String, Object>>) at(rule, "spec", "groups")).stream())
                .flatMap(group -> ((List<Map<String, Object>>) group.get("rules")).stream()).toList();
    }

    /** Prometheus names of the meters the Java sources register: dots become underscores, counters end in _total. */
    private static Set<String> exportedByCode() {
        Set<String> exported = new HashSet<>();
        try (Stream<Path> files = Files.walk(Repo.ROOT)) {
            files.filter(file -> file.toString().endsWith(".java") && file.toString().contains("/src/main/java/"))
                    .forEach(file -> METER.matcher(Repo.read(file)).results().forEach(m -> exported.addAll(prometheusNames(m))));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return exported;
    }

    private static Set<String> prometheusNames(MatchResult meter) {
        String kind = (meter.group(1) != null ? meter.group(1) : meter.group(3)).toLowerCase();
        String base = (meter.group(2) != null ? meter.group(2) : meter.group(4)).replace('.', '_');
        return switch (kind) {
            case "counter" -> Set.of(base + "_total");
            case "timer" -> Set.of(base + "_seconds_bucket", base + "_seconds_count", base + "_seconds_sum", base + "_seconds_max");
            default -> Set.of(base);
        };
    }
}
