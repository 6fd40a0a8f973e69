package dev.proxyfleet.status;

import dev.proxyfleet.contracts.CloudEvent;
import dev.proxyfleet.contracts.EventData;
import dev.proxyfleet.contracts.EventType;
import dev.proxyfleet.contracts.HealthStateData;
import dev.proxyfleet.contracts.HealthState;
import dev.proxyfleet.contracts.Protocol;
import dev.proxyfleet.contracts.ProxyData;
import dev.proxyfleet.localinfra.TestEvents;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A large fleet for load tests, published as events to the real broker the way the bench does (without waiting for
 * each acknowledgement), and parallel anonymous {@code /api/status} requests.
 */
final class FleetLoad {

    private final List<CompletableFuture<Integer>> answers;

    private FleetLoad(List<CompletableFuture<Integer>> answers) {
        this.answers = answers;
    }

    /** Publishes {@code count} new proxies at one location and waits for the broker to have them all; their ids. */
    static List<Long> publishProxies(String location, int count) {
        List<Long> ids = new ArrayList<>(count);
        Instant now = Instant.now();
        for (int i = 0; i < count; i++) {
            long id = Events.nextId();
            ids.add(id);
            send(EventType.PROXY_CREATED, new ProxyData(id, "10.9." + (i / 250 % 250) + "." + i % 250, 3128,
                    Protocol.HTTP, null, null, null, null, location, List.of(), 0, true, 3, null, null, 1L, now));
        }
        TestEvents.producer().flush();
        return ids;
    }

    /** Publishes a probe of each proxy with this latency, so that the next delta lists them all. */
    static void probe(List<Long> ids, long latencyMs) {
        Instant at = Instant.now();
        for (long id : ids) {
            send(EventType.PROXY_HEALTH_STATE, new HealthStateData(id, HealthState.HEALTHY, latencyMs, 0, 80, null, at));
        }
        TestEvents.producer().flush();
    }

    /** Starts {@code count} anonymous requests for the location's status at once. */
    static FleetLoad filteredRequests(URI socketUri, String location, int count) {
        HttpClient http = HttpClient.newHttpClient();
        URI status = socketUri.resolve("/api/status?location=" + location);
        List<CompletableFuture<Integer>> answers = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            answers.add(http.sendAsync(HttpRequest.newBuilder(status).build(), HttpResponse.BodyHandlers.discarding())
                    .thenApply(HttpResponse::statusCode));
        }
        return new FleetLoad(answers);
    }

    /** The requests' status codes; each must have answered within {@code within} of the start. */
    List<Integer> statuses(Duration within) {
        CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new))
                .orTimeout(within.toMillis(), TimeUnit.MILLISECONDS).join();
        return answers.stream().map(CompletableFuture::join).toList();
    }

    /** The heap in use right after a full collection (tests and service share the JVM). */
    static long heapUsedAfterGc() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        memory.gc();
        return memory.getHeapMemoryUsage().getUsed();
    }

    private static void send(EventType type, EventData data) {
        TestEvents.producer().send(CloudEvent.create(type, "/test", data).toProducerRecord());
    }
}
