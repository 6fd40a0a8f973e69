package dev.proxyfleet.localinfra.demo;

import dev.proxyfleet.contracts.Protocol;
import dev.proxyfleet.localinfra.TestInfra;
import dev.proxyfleet.localinfra.TinyGeoIpDatabase;
import dev.proxyfleet.localinfra.loopback.Login;
import dev.proxyfleet.localinfra.loopback.LoopbackProxies;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * {@code ./run.sh --demo}: a living fleet on this machine. Before the services start, real proxies of every kind
 * and the page they are probed with listen on 127.0.0.1 ({@link LoopbackProxies}); each proxy leaves from a loopback
 * address of its own, its exit IP, which a GeoIP file written for the demo places in a country. Once the services are ready,
 * {@link #populate} imports the proxies and publishes accounts ({@link DemoSeed}), then keeps the fleet moving
 * ({@link DemoTraffic}). All of it stays on loopback, and in a data directory of its own that every demo start empties.
 */
public final class DemoFleet implements AutoCloseable {

    /** The file that marks a data directory as a demo's, which a later demo start may empty. */
    static final String MARKER = "demo.txt";

    /** The demo's GeoIP database: a few loopback addresses, written each start since none may be shipped. */
    private static final String GEOIP_FILE = "demo-geoip.mmdb";

    private final LoopbackProxies network;
    private final Path geoIpDatabase;
    private final Login login;
    private final Map<DemoProxy, Integer> ports = new EnumMap<>(DemoProxy.class);
    private Map<DemoProxy, Long> ids = Map.of();
    private DemoSeed.Accounts accounts;
    private KafkaProducer<String, byte[]> producer;
    private DemoTraffic traffic;

    private DemoFleet(Path dataDir, Set<Integer> fleetPorts) {
        network = new LoopbackProxies(dataDir.resolve("tls"), fleetPorts);
        byte[] password = new byte[18];
        new SecureRandom().nextBytes(password);
        // Made anew each run and kept in memory only: inventory-service stores it encrypted and never shows it.
        login = new Login("demo", Base64.getUrlEncoder().encodeToString(password));
        for (DemoProxy proxy : DemoProxy.values()) {
            Login asked = proxy.login ? login : null;
            ports.put(proxy, proxy.protocol == Protocol.SOCKS5 ? network.openSocks5(asked, proxy.exitIp)
                    : network.openHttp(asked, proxy.exitIp));
        }
        geoIpDatabase = TinyGeoIpDatabase.write(dataDir.resolve(GEOIP_FILE), "GeoLite2-Country", Stream.of(DemoProxy.values())
                .collect(Collectors.toMap(proxy -> proxy.exitIp + "/32", proxy -> proxy.exitCountry, (same, again) -> same)));
    }

    /**
     * Empties a demo's data directory for a fresh start, keeping only the file named {@code kept} (the admin token, which
     * a browser tab may still hold). A directory that holds anything else and is not marked as a demo's is refused: it
     * may be a real fleet's.
     */
    public static void resetDataDir(Path dataDir, String kept) {
        try {
            if (Files.isDirectory(dataDir)) {
                List<Path> entries;
                try (Stream<Path> list = Files.list(dataDir)) {
                    entries = list.filter(entry -> !entry.getFileName().toString().equals(kept)).toList();
                }
                if (!entries.isEmpty() && !Files.exists(dataDir.resolve(MARKER))) {
                    throw new IllegalStateException(dataDir + " holds data that is not a demo's, and --demo empties its data"
                            + " directory: leave FLEET_DATA_DIR unset (the demo then uses .local-demo) or name an empty directory.");
                }
                entries.forEach(TestInfra::deleteRecursively);
            }
            Files.createDirectories(dataDir);
            Files.writeString(dataDir.resolve(MARKER), "The data of ./run.sh --demo. Every --demo start empties this directory"
                    + " (keeping the admin token); delete it to remove the demo.\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the demo's data directory " + dataDir, e);
        }
    }

    /**
     * Starts the demo's proxies and probe targets.
     *
     * @param fleetPorts the ports of the fleet, which starts next: none of the demo's may take one
     */
    public static DemoFleet open(Path dataDir, Set<Integer> fleetPorts) {
        return new DemoFleet(dataDir, fleetPorts);
    }

    /**
     * What a service of the fleet needs for the demo: health-service the local probe targets, the local exit-IP echo
     * and checks often enough to watch; status-service the demo's GeoIP file, to check the proxies' locations.
     */
    public Map<String, String> settings(String module) {
        return switch (module) {
            case "health-service" -> Map.of(
                    "HEALTH_TARGET_URL", network.targetUrl(),
                    "HEALTH_EXIT_IP_URL", network.exitIpUrl(),
                    "HEALTH_TLS_TARGET_URL", network.tlsTargetUrl(),
                    "HEALTH_TARGET_TRUST_PEM", network.tlsTrustPem().toString(),
                    "HEALTH_INTERVAL", "5s",
                    "HEALTH_FAST_INTERVAL", "1s",
                    // A failed proxy is probed at least this often, so that its recovery shows within seconds.
                    "HEALTH_DOWN_MAX_INTERVAL", "10s");
            case "status-service" -> Map.of("STATUS_GEOIP_DATABASE", geoIpDatabase.toString());
            default -> Map.of();
        };
    }

    /** Fills the running fleet with the demo's providers, proxies and accounts, then keeps it moving. */
    public void populate(String inventoryUrl, String assignmentUrl, String bootstrapServers, String adminToken) {
        DemoSeed seed = new DemoSeed(new FleetApi(adminToken), inventoryUrl, assignmentUrl);
        ids = seed.importProxies(ports, login);
        seed.awaitHealthy(ids.values());
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers, ProducerConfig.ACKS_CONFIG, "all"),
                new StringSerializer(), new ByteArraySerializer());
        accounts = seed.publishAccounts(producer, ports.size());
        traffic = new DemoTraffic(network, login, ports, ids, producer);
        traffic.start();
    }

    /** Lines for the launcher's summary: what the demo made, and what moves. */
    public void describe(BiConsumer<String, String> line) {
        line.accept("Demo probe targets", network.targetUrl() + " and " + network.tlsTargetUrl() + " (self-signed, trusted by health-service)");
        line.accept("Demo exit-IP echo", network.exitIpUrl() + " (each proxy leaves from its own 127.0.0.x)");
        line.accept("Demo GeoIP file", geoIpDatabase + " (the demo's exit addresses only)");
        line.accept("Demo providers", Stream.of(DemoProvider.values()).map(p -> p.displayName).collect(Collectors.joining(", ")));
        String label = "Demo proxies";
        for (DemoProxy proxy : DemoProxy.values()) {
            line.accept(label, String.format("127.0.0.1:%-6d%-7s%-11s%-17s%-13s exit %-11s %s  id %d%s", ports.get(proxy),
                    proxy.protocol, proxy.login ? "with login" : "", proxy.provider.displayName, proxy.location, proxy.exitIp,
                    proxy.exitCountry, ids.get(proxy),
                    proxy.flapping() ? "  down " + DemoTraffic.FLAP_DOWN.toSeconds() + " s of every "
                            + DemoTraffic.FLAP_CYCLE.toSeconds() + " s (label " + DemoProxy.FLAPPING_LABEL + ")" : ""));
            label = "";
        }
        line.accept("Demo accounts", accounts.assigned() + accounts.pending() + " of " + DemoSeed.MODELS.stream()
                .map(DemoSeed.Model::id).collect(Collectors.joining(", ")) + " on account-events: " + accounts.assigned()
                + " assigned, " + accounts.pending() + " waiting for capacity");
        line.accept("Demo usage", "a proxy.used report every " + DemoTraffic.USAGE_EVERY.toSeconds()
                + " s, each from a real request through the next proxy");
    }

    /** Stops the traffic, then the proxies; the fleet itself is the launcher's to stop. */
    @Override
    public void close() {
        if (traffic != null) {
            traffic.close();
        }
        if (producer != null) {
            producer.close();
        }
        network.close();
    }
}
