package dev.proxyfleet.messaging;

import dev.proxyfleet.contracts.Topic;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.reactive.messaging.ChannelRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.eclipse.microprofile.config.Config;

/**
 * {@code fleet.consumer.lag{topic}}: records on a topic that this instance's consumers have yet to read, summed over
 * the partitions they own. Read from the Kafka consumers' own {@code records-lag} metrics: SmallRye announces each
 * consumer it creates as a CDI event, before it polls, and the consumer's metrics map taken then is a live concurrent
 * view that, unlike the consumer itself, may be read from any thread.
 */
@ApplicationScoped
public class ConsumerLag {

    private static final String LAG = "records-lag";

    private final MeterRegistry registry;
    private final List<Map<MetricName, ? extends Metric>> consumers = new CopyOnWriteArrayList<>();

    public ConsumerLag(MeterRegistry registry) {
        this.registry = registry;
    }

    void onConsumer(@Observes Consumer<?, ?> consumer) {
        consumers.add(consumer.metrics());
    }

    /** A gauge per contract topic that an incoming channel reads (the channel's {@code topic}, or its name). */
    void onStart(@Observes StartupEvent event, ChannelRegistry channels, Config config) {
        channels.getIncomingNames().stream()
                .map(name -> config.getOptionalValue("mp.messaging.incoming." + name + ".topic", String.class).orElse(name))
                .filter(topic -> Topic.named(topic).isPresent())
                .distinct()
                .forEach(topic -> Gauge.builder("fleet.consumer.lag", this, lag -> lag.of(topic)).tag("topic", topic)
                        .description("Records on the topic this instance has yet to consume").register(registry));
    }

    private double of(String topic) {
        double sum = 0;
        for (Map<MetricName, ? extends Metric> metrics : consumers) {
            for (Metric metric : metrics.values()) {
                if (LAG.equals(metric.metricName().name()) && topic.equals(metric.metricName().tags().get("topic"))
                        && metric.metricValue() instanceof Double lag && !lag.isNaN()) {
                    sum += lag;
                }
            }
        }
        return sum;
    }
}
