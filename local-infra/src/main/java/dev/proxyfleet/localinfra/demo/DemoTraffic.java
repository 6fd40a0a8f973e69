package dev.proxyfleet.localinfra.demo;

import dev.proxyfleet.contracts.CloudEvent;
import dev.proxyfleet.contracts.EventType;
import dev.proxyfleet.contracts.UsageData;
import dev.proxyfleet.contracts.UsageOutcome;
import dev.proxyfleet.localinfra.loopback.LoopbackProxies;
import dev.proxyfleet.localinfra.loopback.Login;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;

/**
 * What keeps the populated demo fleet moving: the flapping proxy is down for {@link #FLAP_DOWN} of every
 * {@link #FLAP_CYCLE}, long enough for health-service to find it failed (and move its accounts) and then to see it
 * recover; and every {@link #USAGE_EVERY} one proxy in turn is used for real, the target page fetched through it,
 * and the outcome reported as {@code proxy.used}, as workers do.
 */
final class DemoTraffic implements AutoCloseable {

    static final Duration FLAP_CYCLE = Duration.ofSeconds(60);
    static final Duration FLAP_DOWN = Duration.ofSeconds(20);
    static final Duration USAGE_EVERY = Duration.ofSeconds(2);

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "demo-traffic");
        thread.setDaemon(true);
        return thread;
    });
    private final LoopbackProxies network;
    private final Login login;
    private final Map<DemoProxy, Integer> ports;
    private final List<Map.Entry<DemoProxy, Long>> ids;
    private final KafkaProducer<String, byte[]> producer;
    private int next;

    DemoTraffic(LoopbackProxies network, Login login, Map<DemoProxy, Integer> ports, Map<DemoProxy, Long> ids,
            KafkaProducer<String, byte[]> producer) {
        this.network = network;
        this.login = login;
        this.ports = ports;
        this.ids = List.copyOf(ids.entrySet());
        this.producer = producer;
    }

    void start() {
        long cycle = FLAP_CYCLE.toMillis();
        timer.scheduleAtFixedRate(this::flap, cycle - FLAP_DOWN.toMillis(), cycle, TimeUnit.MILLISECONDS);
        timer.scheduleAtFixedRate(this::useNext, USAGE_EVERY.toMillis(), USAGE_EVERY.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void flap() {
        int port = ports.get(DemoProxy.DATACENTER_HTTP_FLAPPING);
        network.setDown(port, true);
        timer.schedule(() -> network.setDown(port, false), FLAP_DOWN.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void useNext() {
        Map.Entry<DemoProxy, Long> proxy = ids.get(next++ % ids.size());
        DemoProxy role = proxy.getKey();
        network.fetchThrough(ports.get(role), role.protocol, role.login ? login : null).whenComplete((took, failure) -> {
            UsageData usage = failure == null
                    ? new UsageData(proxy.getValue(), null, UsageOutcome.SUCCESS, took.toMillis(), null, Instant.now())
                    : new UsageData(proxy.getValue(), null, UsageOutcome.FAILURE, null, "the request through the proxy failed", Instant.now());
            producer.send(CloudEvent.create(EventType.PROXY_USED, DemoSeed.SOURCE, usage).toProducerRecord(), (sent, error) -> {
                if (error != null) {
                    System.out.println("Demo: a usage report was not published: " + error.getMessage());
                }
            });
        });
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
