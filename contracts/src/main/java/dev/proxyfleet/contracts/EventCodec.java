package dev.proxyfleet.contracts;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;

/** The one JSON mapping of event data used by every producer and consumer. */
public final class EventCodec {

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);

    private EventCodec() {
    }

    /** JSON bytes of event data. */
    public static byte[] encode(EventData data) {
        try {
            return MAPPER.writeValueAsBytes(data);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("event data cannot be written as JSON: " + data.getClass().getSimpleName(), e);
        }
    }

    /**
     * Reads event data of the given type; unknown fields are ignored so producers may add fields.
     *
     * @throws PoisonEventException when the JSON is malformed or a required field is missing or of the wrong type
     */
    public static <T extends EventData> T decode(byte[] json, Class<T> type) {
        if (json == null || json.length == 0) {
            throw new PoisonEventException("empty value");
        }
        T value;
        try {
            value = MAPPER.readValue(json, type);
        } catch (JsonMappingException e) {
            Throwable cause = e.getCause() instanceof IllegalArgumentException iae ? iae : e;
            throw new PoisonEventException("invalid " + type.getSimpleName() + at(e) + ": " + shortMessage(cause), e);
        } catch (IOException e) {
            throw new PoisonEventException("malformed JSON: " + shortMessage(e), e);
        }
        if (value == null) {
            throw new PoisonEventException("invalid " + type.getSimpleName() + ": value is JSON null");
        }
        return value;
    }

    private static String at(JsonMappingException e) {
        String path = e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .reduce((a, b) -> b.startsWith("[") ? a + b : a + "." + b)
                .orElse("");
        return path.isEmpty() ? "" : " at '" + path + "'";
    }

    private static String shortMessage(Throwable e) {
        String message = e instanceof JsonProcessingException jpe ? jpe.getOriginalMessage() : e.getMessage();
        return message == null ? e.getClass().getSimpleName() : message.lines().findFirst().orElse(message);
    }
}
