package dev.proxyfleet.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.proxyfleet.crypto.ApiTokenDigest;
import dev.proxyfleet.security.ApiTokenConfig;
import dev.proxyfleet.security.ApiTokens;
import io.quarkus.security.identity.SecurityIdentity;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/deploy.md is followed by newcomers word for word: its token command must make tokens the services accept while
 * storing only their hashes, and its examples must call only this machine and end with an authenticated call.
 */
class DeployDocsTest {

    private static final String DOCS = Repo.read("docs/deploy.md");
    private static final Pattern PRINTED_TOKEN = Pattern.compile("^(\\w+) token \\(shown once, keep it\\): (\\S+)$", Pattern.MULTILINE);

    @Test
    void theTokenCommandPrintsTokensTheServicesAcceptAndStoresOnlyTheirHashes(@TempDir Path dir) throws Exception {
        Process bash = new ProcessBuilder("bash", "-euo", "pipefail", "-c", tokenCommand()).directory(dir.toFile()).start();
        String printed = new String(bash.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(bash.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(bash.exitValue()).as(printed).isZero();
        String dotEnv = Files.readString(dir.resolve(".env"));
        Map<String, String> tokens = new LinkedHashMap<>();
        PRINTED_TOKEN.matcher(printed).results().forEach(m -> tokens.put(m.group(1), m.group(2)));

        assertThat(tokens).containsOnlyKeys("admin", "dashboard", "worker");
        assertThat(dotEnv).startsWith("FLEET_SECURITY_TOKENS=");
        ApiTokens accepted = new ApiTokens(configured(dotEnv.strip().substring("FLEET_SECURITY_TOKENS=".length())));
        assertThat(roles(accepted, tokens.get("admin"))).contains("admin");
        assertThat(roles(accepted, tokens.get("dashboard"))).containsExactly("viewer");
        assertThat(roles(accepted, tokens.get("worker"))).containsExactly("consumer");
        assertThat(accepted.identify(ApiTokenDigest.generate())).isEmpty();
        tokens.values().forEach(token -> assertThat(dotEnv).doesNotContain(token).contains(ApiTokenDigest.sha256(token)));
    }

    @Test
    void examplesCallOnlyThisMachine() {
        assertThat(DOCS).doesNotContain("localhost");
        Matcher addresses = Pattern.compile("https?://([0-9.]+)").matcher(DOCS);
        addresses.results().forEach(m -> assertThat(m.group(1)).startsWith("127."));
    }

    @Test
    void bothWaysEndWithAnAuthenticatedCallOnLoopback() {
        String compose = section("## docker compose", "## Container images");
        String kubernetes = section("## Kubernetes", "## What the manifests do");
        for (String way : List.of(compose, kubernetes)) {
            List<String> lines = lastCodeBlock(way).lines().toList();
            assertThat(lines.get(lines.size() - 1)).startsWith("curl -s http://127.0.0.1:").contains("-H \"Authorization: Bearer $ADMIN_TOKEN\"");
        }
    }

    /** The lines of the bash block after the {@code token-one-liner} marker. */
    private static String tokenCommand() {
        String afterMarker = DOCS.substring(DOCS.indexOf("<!-- token-one-liner -->"));
        return afterMarker.substring(afterMarker.indexOf("```bash\n") + "```bash\n".length(), afterMarker.indexOf("\n```\n"));
    }

    private static String section(String heading, String nextHeading) {
        return DOCS.substring(DOCS.indexOf(heading), DOCS.indexOf(nextHeading));
    }

    private static String lastCodeBlock(String text) {
        int end = text.lastIndexOf("\n```");
        return text.substring(text.lastIndexOf("```bash\n", end) + "```bash\n".length(), end);
    }

    private static ApiTokenConfig configured(String entries) {
        return () -> Optional.of(Arrays.asList(entries.split(",")));
    }

    private static List<String> roles(ApiTokens tokens, String token) {
        return tokens.identify(token).map(SecurityIdentity::getRoles).orElseThrow().stream().sorted().toList();
    }
}
