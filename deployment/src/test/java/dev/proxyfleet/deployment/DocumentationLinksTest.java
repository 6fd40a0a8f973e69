package dev.proxyfleet.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The README and docs/ a newcomer follows: every link stays inside the repository and leads to a file that exists,
 * and to a heading of it where it names one; the README stays a short entry page.
 */
class DocumentationLinksTest {

    private static final Pattern LINK = Pattern.compile("\\[[^\\]]*\\]\\(([^)\\s]+)\\)");
    private static final Pattern HEADING = Pattern.compile("(?m)^#+\\s+(.+)$");

    static Stream<Path> documents() throws IOException {
        try (Stream<Path> docs = Files.list(Repo.ROOT.resolve("docs"))) {
            List<Path> markdown = docs.filter(file -> file.toString().endsWith(".md")).toList();
            return Stream.concat(Stream.of(Repo.ROOT.resolve("README.md")), markdown.stream());
        }
    }

    @ParameterizedTest
    @MethodSource("documents")
    void everyLinkLeadsToAFileAndHeadingOfThisRepository(Path document) {
        Matcher links = LINK.matcher(Repo.read(document));
        while (links.find()) {
            String link = links.group(1);
            if (link.startsWith("http://") || link.startsWith("https://")) {
                assertThat(link).as(document + ": links outside the repository are only to upstream projects")
                        .doesNotContain("localhost").doesNotContain("127.0.0.1");
                continue;
            }
            String[] parts = link.split("#", 2);
            Path target = parts[0].isEmpty() ? document : document.getParent().resolve(parts[0]).normalize();
            assertThat(target).as(document + " → " + link).startsWith(Repo.ROOT).exists();
            if (parts.length == 2) {
                assertThat(anchors(target)).as(document + " → " + link).contains(parts[1]);
            }
        }
    }

    @Test
    void theReadmeIsAShortEntryPage() throws IOException {
        assertThat(Files.readAllLines(Repo.ROOT.resolve("README.md"))).hasSizeLessThanOrEqualTo(150);
    }

    /** The anchors GitHub gives a Markdown file's headings: lower case, punctuation dropped, spaces as dashes. */
    private static List<String> anchors(Path markdown) {
        return HEADING.matcher(Repo.read(markdown)).results()
                .map(heading -> heading.group(1).trim().toLowerCase().replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-'))
                .toList();
    }
}
