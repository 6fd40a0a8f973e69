package dev.proxyfleet.deployment;

import static dev.proxyfleet.deployment.Manifests.containers;
import static dev.proxyfleet.deployment.Repo.at;
import static org.assertj.core.api.Assertions.assertThat;

import dev.proxyfleet.localinfra.DebianPackages;
import dev.proxyfleet.localinfra.FreePorts;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/**
 * Builds inventory-service's image the documented way (Quarkus with Jib, Maven profile {@code images}) and reads back
 * the configuration a container runtime would run. Only Maven Central and Debian are reachable here, so the base image
 * is an empty one saved as a tarball ({@code tar://}) and the image is pushed to Debian's registry server on loopback:
 * this checks what Jib writes (entrypoint, user, port, environment), not that the JRE of the real base image runs it.
 * Part of {@code ./mvnw verify} (about 90 s on 2 cores, up to 3 minutes on a busy machine, most of it Quarkus packaging
 * the service); alone: {@code ./mvnw -pl deployment verify}.
 */
class ContainerImageIT {

    private static final String SERVICE = "inventory-service";
    private static final String TAG = "image-check";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void theServiceImageRunsTheFastJarAsANonRootUserOnTheDeploymentsPort(@TempDir Path dir) throws Exception {
        Optional<Path> registryServer = DebianPackages.ensure("docker-registry", "docker-registry");
        Assumptions.assumeTrue(registryServer.isPresent(), DebianPackages.missingMessage("docker-registry", "docker-registry"));
        String registry = "127.0.0.1:" + FreePorts.next();
        Process server = startRegistry(registryServer.get(), registry, dir);
        try {
            build(registry, emptyBaseImage(dir));
            Map<String, Object> config = imageConfig(registry);

            assertThat((List<String>) config.get("Entrypoint")).startsWith("java").endsWith("-jar", "quarkus-run.jar");
            assertThat((String) config.get("User")).doesNotStartWith("0").doesNotStartWith("root").matches("[1-9][0-9]*(:[0-9]+)?");
            Map<String, Object> deployment = Manifests.of("prod").find("Deployment", SERVICE).orElseThrow();
            Object port = at(containers(deployment).get(0), "ports", 0, "containerPort");
            assertThat((Map<String, Object>) config.get("ExposedPorts")).containsOnlyKeys(port + "/tcp");
            assertThat((List<String>) config.get("Env")).contains("QUARKUS_HTTP_PORT=" + port);
        } finally {
            server.destroy();
            server.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static Process startRegistry(Path binary, String address, Path dir) throws Exception {
        Path config = dir.resolve("registry.yml");
        Files.writeString(config, "version: 0.1\nstorage:\n  filesystem:\n    rootdirectory: " + dir.resolve("storage")
                + "\nhttp:\n  addr: " + address + "\n");
        Process server = new ProcessBuilder(binary.toString(), "serve", config.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("registry.log").toFile()).start();
        for (int attempt = 0; attempt < 100; attempt++) {
            try {
                if (get(address, "/v2/", "application/json").statusCode() == 200) {
                    return server;
                }
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        server.destroy();
        throw new IllegalStateException("the registry did not answer on " + address + ": " + Files.readString(dir.resolve("registry.log")));
    }

    /** An image without layers in {@code docker save} format: what {@code tar://} base images are. */
    private static Path emptyBaseImage(Path dir) throws Exception {
        Path base = Files.createDirectory(dir.resolve("base"));
        Files.writeString(base.resolve("config.json"),
                "{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{},\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[]}}");
        Files.writeString(base.resolve("manifest.json"), "[{\"Config\":\"config.json\",\"RepoTags\":[\"empty:base\"],\"Layers\":[]}]");
        Path tarball = dir.resolve("empty-base.tar");
        run(new ProcessBuilder("tar", "-cf", tarball.toString(), "-C", base.toString(), "config.json", "manifest.json"), dir, 1);
        return tarball;
    }

    private static void build(String registry, Path baseImage) throws Exception {
        List<String> command = new ArrayList<>(List.of(Repo.ROOT.resolve("mvnw").toString(), "-B", "-q", "-Pimages",
                "-pl", SERVICE, "-am", "package", "-DskipTests",
                "-Dquarkus.container-image.registry=" + registry,
                "-Dquarkus.container-image.insecure=true",
                "-Dquarkus.container-image.tag=" + TAG,
                "-Dquarkus.jib.base-jvm-image=tar://" + baseImage));
        String localRepository = System.getProperty("maven.repo.local");
        if (localRepository != null) {
            command.add("-Dmaven.repo.local=" + localRepository);
        }
        run(new ProcessBuilder(command).directory(Repo.ROOT.toFile()), baseImage.getParent(), 10);
    }

    private static Map<String, Object> imageConfig(String registry) throws Exception {
        String repository = "/v2/proxy-fleet/" + SERVICE;
        HttpResponse<String> manifest = get(registry, repository + "/manifests/" + TAG,
                "application/vnd.oci.image.manifest.v1+json, application/vnd.docker.distribution.manifest.v2+json");
        assertThat(manifest.statusCode()).as(manifest.body()).isEqualTo(200);
        String digest = at(new Yaml().load(manifest.body()), "config", "digest");
        Map<String, Object> image = new Yaml().load(get(registry, repository + "/blobs/" + digest, "*/*").body());
        return at(image, "config");
    }

    private static HttpResponse<String> get(String registry, String path, String accept) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://" + registry + path)).header("Accept", accept).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static void run(ProcessBuilder process, Path dir, int minutes) throws Exception {
        Path log = Files.createTempFile(dir, "run", ".log");
        Process started = process.redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertThat(started.waitFor(minutes, TimeUnit.MINUTES)).as(String.join(" ", process.command())).isTrue();
        assertThat(started.exitValue()).as(String.join(" ", process.command()) + "\n" + Files.readString(log)).isZero();
    }
}
