package dev.proxyfleet.localinfra;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * The OpenAPI document API consumers read in the repository ({@code docs/openapi/<service>.yaml}) says what the
 * service serves at {@code /q/openapi}: a change of the API fails here until the document is regenerated with
 * {@link #REGENERATE} and committed with it. Compared as documents, not as text: the build stores its document with
 * the keys of a schema in another order than the running service writes them. Subclass it as a {@code @QuarkusTest}
 * with the service's test resource.
 */
public abstract class PublishedOpenApiTest {

    /** Builds the four services, each storing the document it serves into docs/openapi (run from the repository). */
    public static final String REGENERATE = "./mvnw package -DskipTests -pl inventory-service,assignment-service,"
            + "health-service,status-service -am -Dquarkus.smallrye-openapi.store-schema-directory=../docs/openapi";

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @Test
    void theCommittedDocumentIsTheServedOne() throws IOException {
        String service = ConfigProvider.getConfig().getValue("quarkus.application.name", String.class);
        // Tests run in the service's module directory.
        Path committed = Path.of("..", "docs", "openapi", service + ".yaml");
        assertThat(committed).as("regenerate it with: " + REGENERATE).exists();

        JsonNode served = YAML.readTree(given().get("/q/openapi").then().statusCode(200).extract().asString());

        assertThat(differences("", YAML.readTree(committed.toFile()), served))
                .as(committed + " is not what /q/openapi serves; regenerate it with: " + REGENERATE).isEmpty();
    }

    /** Where the two documents differ: JSON pointers with both values. */
    private static List<String> differences(String at, JsonNode committed, JsonNode served) {
        if (committed.equals(served)) {
            return List.of();
        }
        if (!committed.isObject() || !served.isObject()) {
            return List.of(at + ": committed " + shortened(committed) + ", served " + shortened(served));
        }
        Set<String> keys = new TreeSet<>();
        committed.fieldNames().forEachRemaining(keys::add);
        served.fieldNames().forEachRemaining(keys::add);
        return keys.stream().flatMap(key -> differences(at + "/" + key.replace("~", "~0").replace("/", "~1"),
                committed.path(key), served.path(key)).stream()).toList();
    }

    private static String shortened(JsonNode node) {
        String text = node.isMissingNode() ? "nothing" : node.toString();
        return text.length() <= 200 ? text : text.substring(0, 200) + "…";
    }
}
