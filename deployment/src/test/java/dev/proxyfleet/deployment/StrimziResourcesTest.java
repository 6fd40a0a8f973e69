package dev.proxyfleet.deployment;

import static dev.proxyfleet.deployment.Manifests.name;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.strimzi.api.kafka.model.common.UnknownPropertyPreserving;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import io.strimzi.api.kafka.model.user.KafkaUser;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Strimzi resources as the operator reads them: through its own model classes (io.strimzi:api of the release the
 * manifests require). The models keep a field they do not know instead of refusing it, and the operator then ignores
 * it, so a misspelt ACL or listener setting would deploy without effect; here it fails.
 */
class StrimziResourcesTest {

    private static final Map<String, Class<?>> MODELS = Map.of("Kafka", Kafka.class, "KafkaNodePool", KafkaNodePool.class,
            "KafkaTopic", KafkaTopic.class, "KafkaUser", KafkaUser.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyStrimziResourceUsesTheV1ApiAndOnlyFieldsTheOperatorKnows(String overlay) throws Exception {
        Manifests manifests = Manifests.of(overlay);
        for (Map<String, Object> resource : manifests.ofKind(MODELS.keySet().toArray(String[]::new))) {
            Object model = JSON.convertValue(resource, MODELS.get((String) resource.get("kind")));
            List<String> unknown = new ArrayList<>();
            collectUnknown(model, resource.get("kind") + "/" + name(resource), unknown, new IdentityHashMap<>());

            assertThat((String) resource.get("apiVersion")).isEqualTo("kafka.strimzi.io/v1");
            assertThat(unknown).as("fields the operator would ignore").isEmpty();
        }
    }

    private static void collectUnknown(Object node, String path, List<String> unknown, IdentityHashMap<Object, Boolean> seen) throws Exception {
        if (node == null || node.getClass().getName().startsWith("java.") || node.getClass().isEnum() || seen.put(node, true) != null) {
            return;
        }
        if (node instanceof UnknownPropertyPreserving preserving && preserving.getAdditionalProperties() != null) {
            preserving.getAdditionalProperties().keySet().forEach(field -> unknown.add(path + "." + field));
        }
        for (Method getter : node.getClass().getMethods()) {
            if (getter.getParameterCount() == 0 && getter.getName().startsWith("get") && getter.getDeclaringClass() != Object.class
                    && !getter.getName().equals("getAdditionalProperties")) {
                Object value = getter.invoke(node);
                String child = path + "." + getter.getName().substring(3);
                if (value instanceof Collection<?> items) {
                    for (Object item : items) {
                        collectUnknown(item, child + "[]", unknown, seen);
                    }
                } else {
                    collectUnknown(value, child, unknown, seen);
                }
            }
        }
    }
}
