package dev.proxyfleet.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The README's table of log codes is the codes operators are promised: every code, once, with its text. */
class LogCodeTest {

    private static final Pattern ROW = Pattern.compile("^\\| `(PF-[A-Z]+-\\d{3})` \\| [a-z]+ \\| [A-Z]+ \\| ([^|]+) \\|",
            Pattern.MULTILINE);

    @Test
    void theReadmeListsEveryCodeOnceWithItsText() throws IOException {
        Map<String, String> meanings = ROW.matcher(Files.readString(Path.of("../README.md"))).results()
                .collect(Collectors.toMap(row -> row.group(1), row -> row.group(2)));

        assertThat(meanings.keySet()).containsExactlyInAnyOrderElementsOf(
                Arrays.stream(LogCode.values()).map(LogCode::code).toList());
        for (LogCode code : LogCode.values()) {
            assertThat(meanings.get(code.code())).as(code.code()).startsWith(code.text());
        }
    }

    @Test
    void codesAreUnique() {
        assertThat(Arrays.stream(LogCode.values()).map(LogCode::code)).doesNotHaveDuplicates();
    }
}
