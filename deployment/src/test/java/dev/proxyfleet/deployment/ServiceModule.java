package dev.proxyfleet.deployment;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What one service module reads from its configuration: the keys of its application.properties and of the shared
 * {@code META-INF/microprofile-config.properties} of the fleet modules it depends on, every property its code (and
 * those modules) maps with {@code @ConfigMapping} or {@code @ConfigProperty}, and the database password, which the
 * datasource extension reads though no file names it (no password is written down).
 */
record ServiceModule(String name, Properties properties, Set<String> knownProperties) {

    private static final Pattern DEPENDENCY = Pattern.compile("<groupId>dev\\.proxyfleet</groupId>\\s*<artifactId>([a-z-]+)</artifactId>");
    private static final Pattern CONFIG_PROPERTY = Pattern.compile("@ConfigProperty\\(name\\s*=\\s*\"([^\"]+)\"");
    private static final Pattern CONFIG_MAPPING = Pattern.compile("@ConfigMapping\\(prefix\\s*=\\s*\"([^\"]+)\"\\)");
    private static final Pattern ACCESSOR = Pattern.compile("\\s(\\w+)\\(\\);");
    private static final Pattern PROFILE = Pattern.compile("^%[\\w-]+\\.");
    private static final String DATABASE_PASSWORD = "quarkus.datasource.password";
    private static final String SHARED_CONFIGURATION = "src/main/resources/META-INF/microprofile-config.properties";

    static ServiceModule load(String name) {
        Properties properties = propertiesIn(Repo.ROOT.resolve(name + "/src/main/resources/application.properties"));
        Set<String> known = new HashSet<>(Set.of(DATABASE_PASSWORD));
        properties.stringPropertyNames().forEach(key -> known.add(PROFILE.matcher(key).replaceFirst("")));
        Stream.concat(Stream.of(name), DEPENDENCY.matcher(Repo.read(name + "/pom.xml")).results().map(m -> m.group(1)))
                .forEach(module -> {
                    known.addAll(mappedIn(Repo.ROOT.resolve(module).resolve("src/main/java")));
                    known.addAll(sharedConfiguration(Repo.ROOT.resolve(module).resolve(SHARED_CONFIGURATION)));
                });
        return new ServiceModule(name, properties, known);
    }

    int httpPort() {
        return Integer.parseInt(properties.getProperty("quarkus.http.port"));
    }

    /** The database of {@code inventory-service} is {@code inventory}, as in the local run. */
    String database() {
        return name.substring(0, name.length() - "-service".length());
    }

    /** Whether an environment variable sets a property this service reads (Quarkus maps FOO_BAR_BAZ to foo.bar-baz). */
    boolean reads(String variable) {
        return knownProperties.stream().anyMatch(property -> environmentName(property).equals(variable));
    }

    private static String environmentName(String property) {
        return property.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
    }

    private static Set<String> sharedConfiguration(Path file) {
        return Files.isRegularFile(file) ? propertiesIn(file).stringPropertyNames() : Set.of();
    }

    private static Properties propertiesIn(Path file) {
        Properties properties = new Properties();
        try {
            properties.load(new StringReader(Repo.read(file)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties;
    }

    private static Set<String> mappedIn(Path sources) {
        Set<String> found = new HashSet<>();
        if (!Files.isDirectory(sources)) {
            return found;
        }
        try (Stream<Path> files = Files.walk(sources)) {
            files.filter(file -> file.toString().endsWith(".java")).forEach(file -> found.addAll(mappedBy(Repo.read(file))));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return found;
    }

    private static Set<String> mappedBy(String source) {
        Set<String> found = new HashSet<>();
        CONFIG_PROPERTY.matcher(source).results().forEach(m -> found.add(m.group(1)));
        Matcher mapping = CONFIG_MAPPING.matcher(source);
        if (mapping.find()) {
            ACCESSOR.matcher(source.substring(mapping.end())).results()
                    .forEach(m -> found.add(mapping.group(1) + "." + m.group(1).replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT)));
        }
        return found;
    }
}
