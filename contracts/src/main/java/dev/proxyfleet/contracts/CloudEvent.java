package dev.proxyfleet.contracts;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * A contract event in CloudEvents 1.0 binary mode: the attributes travel as {@code ce_*} Kafka headers, the data
 * as the JSON record value, keyed by the entity id.
 *
 * @param id unique per event; consumers deduplicate on it
 * @param source the producing service, e.g. {@code /inventory-service}
 */
public record CloudEvent<T extends EventData>(UUID id, EventType type, String source, Instant time, T data) {

    public static final String SPEC_VERSION = "1.0";
    public static final String HEADER_SPEC_VERSION = "ce_specversion";
    public static final String HEADER_ID = "ce_id";
    public static final String HEADER_TYPE = "ce_type";
    public static final String HEADER_SOURCE = "ce_source";
    public static final String HEADER_TIME = "ce_time";
    public static final String HEADER_CONTENT_TYPE = "content-type";
    public static final String CONTENT_TYPE = "application/json";

    /** A new event with a fresh id, stamped now. */
    public static <T extends EventData> CloudEvent<T> create(EventType type, String source, T data) {
        if (!type.dataType().isInstance(data)) {
            throw new IllegalArgumentException(type.ceType() + " carries " + type.dataType().getSimpleName());
        }
        return new CloudEvent<>(UUID.randomUUID(), type, source, Instant.now(), data);
    }

    /** The Kafka record of this event. */
    public ProducerRecord<String, byte[]> toProducerRecord() {
        return producerRecord(type.topic().topicName(), data.key(), id, type.ceType(), source, time, EventCodec.encode(data));
    }

    /**
     * A Kafka record from an event's stored parts, for relays that keep events as rows (the transactional outbox)
     * and must publish exactly what was stored.
     */
    public static ProducerRecord<String, byte[]> producerRecord(
            String topic, String key, UUID id, String ceType, String source, Instant time, byte[] json) {
        Headers headers = new RecordHeaders()
                .add(HEADER_SPEC_VERSION, utf8(SPEC_VERSION))
                .add(HEADER_ID, utf8(id.toString()))
                .add(HEADER_TYPE, utf8(ceType))
                .add(HEADER_SOURCE, utf8(source))
                .add(HEADER_TIME, utf8(time.toString()))
                .add(HEADER_CONTENT_TYPE, utf8(CONTENT_TYPE));
        return new ProducerRecord<>(topic, null, key, json, headers);
    }

    /**
     * Reads a consumed record.
     *
     * @throws PoisonEventException when a header is missing or wrong, the type is unknown, or the data is invalid
     */
    public static CloudEvent<EventData> fromKafka(Headers headers, byte[] value) {
        String specVersion = header(headers, HEADER_SPEC_VERSION);
        if (!SPEC_VERSION.equals(specVersion)) {
            throw new PoisonEventException("unsupported ce_specversion '" + specVersion + "'");
        }
        UUID id;
        Instant time;
        try {
            id = UUID.fromString(header(headers, HEADER_ID));
            time = Instant.parse(header(headers, HEADER_TIME));
        } catch (IllegalArgumentException | DateTimeParseException e) {
            throw new PoisonEventException("malformed ce_id or ce_time: " + e.getMessage());
        }
        String ceType = header(headers, HEADER_TYPE);
        EventType type = EventType.fromCeType(ceType)
                .orElseThrow(() -> new PoisonEventException("unknown ce_type '" + ceType + "'"));
        EventData data = EventCodec.decode(value, type.dataType());
        return new CloudEvent<>(id, type, header(headers, HEADER_SOURCE), time, data);
    }

    private static String header(Headers headers, String name) {
        Header header = headers.lastHeader(name);
        if (header == null || header.value() == null) {
            throw new PoisonEventException("missing header " + name);
        }
        return new String(header.value(), StandardCharsets.UTF_8);
    }

    private static byte[] utf8(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }
}
