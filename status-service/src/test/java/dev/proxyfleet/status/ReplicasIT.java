package dev.proxyfleet.status;

import static dev.proxyfleet.status.StatusListener.shows;

import dev.proxyfleet.contracts.CloudEvent;
import dev.proxyfleet.contracts.EventData;
import dev.proxyfleet.contracts.EventType;
import dev.proxyfleet.contracts.HealthStateData;
import dev.proxyfleet.contracts.HealthState;
import dev.proxyfleet.contracts.Protocol;
import dev.proxyfleet.contracts.ProxyData;
import dev.proxyfleet.contracts.Topic;
import dev.proxyfleet.localinfra.FreePorts;
import dev.proxyfleet.localinfra.PostgresServer;
import dev.proxyfleet.localinfra.ServiceProcess;
import dev.proxyfleet.localinfra.TestEvents;
import dev.proxyfleet.localinfra.TestInfra;
import io.restassured.RestAssured;
import io.vertx.core.Vertx;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Two replicas of the packaged service, as the prod overlay runs them: one database, one consumer group that splits
 * the topics' partitions between them. Whichever replica consumed an event, both show the change in
 * {@code /api/status} and push it to their WebSocket clients.
 */
class ReplicasIT {

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void aChangeConsumedByEitherReplicaShowsOnBothAndIsPushedToTheClientsOfBoth() throws Exception {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        String keys = "it:" + Base64.getEncoder().encodeToString(key);
        List<ServiceProcess> replicas = List.of(replica("a", keys), replica("b", keys));
        Vertx vertx = Vertx.vertx();
        try {
            replicas.forEach(replica -> replica.awaitReady(http));
            awaitPartitionsSplitBetweenTwoConsumers(Topic.PROXY_INVENTORY);
            awaitPartitionsSplitBetweenTwoConsumers(Topic.PROXY_HEALTH_STATE);
            List<StatusListener> clients = new ArrayList<>();
            for (ServiceProcess replica : replicas) {
                clients.add(new StatusListener(vertx, URI.create(replica.url() + "/ws/status")));
            }

            // one proxy on each partition: the replicas consume some each
            String location = Events.newLocation();
            List<Long> proxies = new ArrayList<>();
            for (int partition = 0; partition < TestInfra.PARTITIONS; partition++) {
                long id = Events.nextId();
                proxies.add(id);
                publish(EventType.PROXY_CREATED, new ProxyData(id, "127.0.0.1", 3128, Protocol.HTTP, null, null, null,
                        null, location, List.of(), 0, true, 3, null, null, 1L, Instant.now()), partition);
            }
            for (ServiceProcess replica : replicas) {
                Awaitility.await(replica.url() + " shows the proxies of both replicas' partitions")
                        .atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                        .until(() -> shownIds(replica, location).containsAll(proxies));
            }

            // successive probes of each proxy, the first of them after start-up: the JVMs are still cold then
            for (long latency = 41; latency <= 43; latency++) {
                long published = System.nanoTime();
                for (int partition = 0; partition < TestInfra.PARTITIONS; partition++) {
                    publish(EventType.PROXY_HEALTH_STATE, new HealthStateData(proxies.get(partition),
                            HealthState.HEALTHY, latency, 0, 90, null, Instant.now()), partition);
                }
                for (StatusListener client : clients) {
                    for (long id : proxies) {
                        client.await(shows(id, "latencyMs", Long.toString(latency)));
                    }
                }
                System.out.printf("%d probes, one per partition, pushed to a client of each replica within %d ms%n",
                        proxies.size(), (System.nanoTime() - published) / 1_000_000);
            }
        } finally {
            vertx.close();
            replicas.forEach(ServiceProcess::signalStop);
            replicas.forEach(replica -> replica.awaitStop(Instant.now().plusSeconds(20)));
        }
    }

    /** Starts a replica; both use the test JVM's database and broker, and the same consumer group. */
    private static ServiceProcess replica(String name, String keys) {
        TestInfra infra = TestInfra.get();
        int port = FreePorts.next();
        ServiceProcess replica = new ServiceProcess("status-service", port, Path.of("").toAbsolutePath(),
                Path.of("target/replicas-it-" + name + ".log").toAbsolutePath());
        replica.start(Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", infra.kafka().bootstrapServers(),
                "QUARKUS_DATASOURCE_REACTIVE_URL", infra.reactiveUrl(),
                "QUARKUS_DATASOURCE_USERNAME", PostgresServer.USER,
                "QUARKUS_DATASOURCE_PASSWORD", PostgresServer.PASSWORD,
                "QUARKUS_HTTP_PORT", Integer.toString(port),
                "FLEET_CRYPTO_KEYS", keys,
                "FLEET_CRYPTO_PRIMARY_KEY_ID", "it"));
        return replica;
    }

    /**
     * Waits until every partition of the topic is assigned, to two consumers of the group. Each replica has one
     * consumer per topic, so those are one of each replica.
     */
    private static void awaitPartitionsSplitBetweenTwoConsumers(Topic topic) {
        try (Admin admin = ConsumerLag.admin()) {
            Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
                List<MemberDescription> members = admin.describeConsumerGroups(List.of(ConsumerLag.GROUP)).all().get()
                        .get(ConsumerLag.GROUP).members().stream().filter(member -> member.assignment()
                                .topicPartitions().stream().anyMatch(p -> p.topic().equals(topic.topicName())))
                        .toList();
                long assigned = members.stream().flatMap(member -> member.assignment().topicPartitions().stream())
                        .map(TopicPartition::topic).filter(topic.topicName()::equals).count();
                return members.size() == 2 && assigned == TestInfra.PARTITIONS;
            });
        }
    }

    /** Publishes an event onto this partition of its topic. */
    private static void publish(EventType type, EventData data, int partition) {
        ProducerRecord<String, byte[]> record = CloudEvent.create(type, "/test", data).toProducerRecord();
        TestEvents.send(
                new ProducerRecord<>(record.topic(), partition, record.key(), record.value(), record.headers()));
    }

    /** The ids {@code /api/status} of this replica lists in the location, as an anonymous caller sees them. */
    private static List<Long> shownIds(ServiceProcess replica, String location) {
        return RestAssured.given().baseUri(replica.url()).queryParam("location", location).get("/api/status")
                .then().statusCode(200).extract().jsonPath().getList("proxies.id", Long.class);
    }
}
