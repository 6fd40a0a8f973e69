package dev.proxyfleet.inventory.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.proxyfleet.web.InvalidFieldException;
import io.smallrye.mutiny.Uni;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Validator;
import java.util.Iterator;
import java.util.Set;

/**
 * JSON merge-patch (RFC 7386) of a request record: the patch's fields replace the current values, {@code null}
 * clears one, and the result is validated by the same rules as a full request.
 */
public final class MergePatch {

    private MergePatch() {
    }

    /**
     * The patched request, as a step of the caller's transaction: it fails with the
     * {@link JsonProcessingException} of a patched field of the wrong type (answered 400 with the field), as it fails
     * with a field error or a constraint violation.
     */
    public static <T> Uni<T> apply(ObjectMapper mapper, Validator validator, T current, JsonNode patch,
            Set<String> patchable) {
        try {
            return Uni.createFrom().item(merge(mapper, validator, current, patch, patchable));
        } catch (JsonProcessingException | RuntimeException e) {
            return Uni.createFrom().failure(e);
        }
    }

    private static <T> T merge(ObjectMapper mapper, Validator validator, T current, JsonNode patch,
            Set<String> patchable) throws JsonProcessingException {
        if (!(patch instanceof ObjectNode patchObject)) {
            throw new InvalidFieldException("body", "must be a JSON object");
        }
        for (Iterator<String> names = patchObject.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!patchable.contains(name)) {
                throw new InvalidFieldException(name, "cannot be patched; patchable fields are " + Set.copyOf(patchable));
            }
        }
        ObjectNode merged = mapper.valueToTree(current);
        merged.setAll(patchObject);
        @SuppressWarnings("unchecked")
        Class<T> type = (Class<T>) current.getClass();
        T result = mapper.treeToValue(merged, type);
        Set<ConstraintViolation<T>> violations = validator.validate(result);
        if (!violations.isEmpty()) {
            throw new ConstraintViolationException(violations);
        }
        return result;
    }
}
