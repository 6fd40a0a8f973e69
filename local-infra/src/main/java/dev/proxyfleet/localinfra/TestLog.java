package dev.proxyfleet.localinfra;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The log file of the service under test ({@code quarkus.log.file.path}): JSON lines, formatted by the JSON formatter
 * the services' production console uses too.
 */
public final class TestLog {

    private static final ObjectMapper JSON = new ObjectMapper();

    private TestLog() {
    }

    /** The lines logged so far whose JSON field {@code mdc.code} is {@code code}, parsed. */
    public static List<JsonNode> withCode(String code) {
        Path log = Path.of(ConfigProvider.getConfig().getValue("quarkus.log.file.path", String.class));
        try {
            return Files.readAllLines(log, StandardCharsets.UTF_8).stream().map(TestLog::parse)
                    .filter(line -> code.equals(line.path("mdc").path("code").asText())).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode parse(String line) {
        try {
            return JSON.readTree(line);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("not a JSON log line: " + line, e);
        }
    }
}
