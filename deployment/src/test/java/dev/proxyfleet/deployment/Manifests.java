package dev.proxyfleet.deployment;

import static dev.proxyfleet.deployment.Repo.at;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Assumptions;
import org.yaml.snakeyaml.Yaml;

/** The objects one k8s overlay renders to, as {@code kubectl kustomize} (kustomize 5) produces them. */
record Manifests(List<Map<String, Object>> objects) {

    /** Renders {@code k8s/overlays/<overlay>}, or skips the calling test when kubectl is not installed. */
    static Manifests of(String overlay) throws IOException, InterruptedException {
        Optional<Manifests> manifests = render(overlay);
        Assumptions.assumeTrue(manifests.isPresent(), "kubectl is not installed: install it to check the k8s/ overlays");
        return manifests.get();
    }

    /** Renders {@code k8s/overlays/<overlay>}; empty when kubectl is not installed. */
    @SuppressWarnings("unchecked")
    static Optional<Manifests> render(String overlay) throws IOException, InterruptedException {
        Process kubectl;
        try {
            kubectl = new ProcessBuilder("kubectl", "kustomize", Repo.ROOT.resolve("k8s/overlays").resolve(overlay).toString())
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        } catch (IOException notInstalled) {
            return Optional.empty();
        }
        String rendered = new String(kubectl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!kubectl.waitFor(60, TimeUnit.SECONDS) || kubectl.exitValue() != 0) {
            throw new IllegalStateException("kubectl kustomize k8s/overlays/" + overlay + " failed");
        }
        List<Map<String, Object>> objects = StreamSupport.stream(new Yaml().loadAll(rendered).spliterator(), false)
                .filter(Objects::nonNull).map(object -> (Map<String, Object>) object).toList();
        return Optional.of(new Manifests(objects));
    }

    List<Map<String, Object>> ofKind(String... kinds) {
        List<String> wanted = List.of(kinds);
        return objects.stream().filter(object -> wanted.contains((String) object.get("kind"))).toList();
    }

    Optional<Map<String, Object>> find(String kind, String name) {
        return ofKind(kind).stream().filter(object -> name.equals(name(object))).findFirst();
    }

    static String name(Map<String, Object> object) {
        return at(object, "metadata", "name");
    }

    /** A container's variables: its ConfigMaps' entries first (envFrom), then its env; values as written. */
    @SuppressWarnings("unchecked")
    Map<String, String> environment(Map<String, Object> container) {
        Map<String, String> environment = new HashMap<>();
        for (String configMap : referencedNames(container.get("envFrom"), "configMapRef")) {
            Map<String, String> data = at(find("ConfigMap", configMap).orElseThrow(), "data");
            environment.putAll(data);
        }
        for (Map<String, Object> variable : (List<Map<String, Object>>) container.get("env")) {
            environment.put((String) variable.get("name"), variable.containsKey("value") ? String.valueOf(variable.get("value")) : "(from a reference)");
        }
        return environment;
    }

    /** A ConfigMap's value, by the ConfigMap's name before kustomize's hash suffix. */
    String configValue(String configMap, String key) {
        return ofKind("ConfigMap").stream().filter(map -> name(map).startsWith(configMap + "-") || name(map).equals(configMap))
                .map(map -> (String) at(map, "data", key)).findFirst().orElseThrow();
    }

    /** The containers of a Deployment or StatefulSet. */
    static List<Map<String, Object>> containers(Map<String, Object> workload) {
        return at(workload, "spec", "template", "spec", "containers");
    }

    /** Every {@code name} under a key such as {@code secretKeyRef} or {@code configMapRef}, anywhere in an object. */
    static List<String> referencedNames(Object node, String referenceKey) {
        List<String> found = new ArrayList<>();
        collect(node, referenceKey, found);
        return found;
    }

    @SuppressWarnings("unchecked")
    private static void collect(Object node, String referenceKey, List<String> found) {
        if (node instanceof Map<?, ?> map) {
            map.forEach((key, value) -> {
                if (referenceKey.equals(key) && value instanceof Map<?, ?> reference) {
                    found.add((String) ((Map<String, Object>) reference).get("name"));
                }
                collect(value, referenceKey, found);
            });
        } else if (node instanceof List<?> list) {
            list.forEach(item -> collect(item, referenceKey, found));
        }
    }
}
