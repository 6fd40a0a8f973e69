package dev.proxyfleet.deployment;

import dev.proxyfleet.contracts.Topic;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.Yaml;

/** The repository this module sits in: its files, its service modules, the contract's topics. */
final class Repo {

    /** Surefire runs in the module's directory; the repository is its parent. */
    static final Path ROOT = Path.of("").toAbsolutePath().getParent();
    /** Partitions of every topic in the deployments (and in the local run). */
    static final int PARTITIONS = 6;

    private static final Pattern MODULE = Pattern.compile("<module>([a-z-]+-service)</module>");

    private Repo() {
    }

    static String read(String relative) {
        return read(ROOT.resolve(relative));
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The service modules the root pom builds. */
    static List<String> serviceModules() {
        return MODULE.matcher(read("pom.xml")).results().map(m -> m.group(1)).toList();
    }

    /** Every topic the contract names and its dead-letter topic, with the cleanup policy each must have. */
    static Map<String, String> contractTopics() {
        Map<String, String> topics = new LinkedHashMap<>();
        for (Topic topic : Topic.values()) {
            topics.put(topic.topicName(), topic.cleanupPolicy().config());
            topics.put(topic.dlqName(), Topic.CleanupPolicy.DELETE.config());
        }
        return topics;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> yaml(String relative) {
        return (Map<String, Object>) new Yaml().load(read(relative));
    }

    /** A nested value of parsed YAML by its keys; list items by their index. */
    @SuppressWarnings("unchecked")
    static <T> T at(Object node, Object... path) {
        Object current = node;
        for (Object key : path) {
            if (current == null) {
                return null;
            }
            current = key instanceof Integer index ? ((List<Object>) current).get(index) : ((Map<String, Object>) current).get(key);
        }
        return (T) current;
    }
}
