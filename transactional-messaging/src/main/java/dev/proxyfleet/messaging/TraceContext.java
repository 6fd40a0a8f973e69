package dev.proxyfleet.messaging;

import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * The W3C {@value #TRACEPARENT} of a trace as it travels with an event: taken from the writing transaction's span into
 * the outbox row, from there into the Kafka record's headers, and back into a context for the consumer's span.
 */
final class TraceContext {

    /** Header and W3C field name. */
    static final String TRACEPARENT = "traceparent";

    private static final TextMapGetter<Headers> HEADERS = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Headers headers) {
            return List.of(TRACEPARENT);
        }

        @Override
        public String get(Headers headers, String key) {
            Header header = headers == null ? null : headers.lastHeader(key);
            return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
        }
    };

    private TraceContext() {
    }

    /** The current span's traceparent, or null outside a sampled trace (tracing off). */
    static String current() {
        return of(Context.current());
    }

    /** The span's traceparent, or null when it is not sampled. */
    static String of(Span span) {
        return of(Context.current().with(span));
    }

    private static String of(Context context) {
        Map<String, String> carrier = new HashMap<>();
        W3CTraceContextPropagator.getInstance().inject(context, carrier, Map::put);
        return carrier.get(TRACEPARENT);
    }

    /** The context a record's traceparent names; the root context when it carries none. */
    static Context of(Headers headers) {
        return W3CTraceContextPropagator.getInstance().extract(Context.root(), headers, HEADERS);
    }

    static void addTo(Headers headers, String traceParent) {
        if (traceParent != null) {
            headers.add(TRACEPARENT, traceParent.getBytes(StandardCharsets.UTF_8));
        }
    }
}
