package dev.proxyfleet.bench;

import dev.proxyfleet.localinfra.FreePorts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * HAProxy health-checking the same backends the same way (HTTP GET of the target through each proxy, same interval,
 * fall and rise), as the baseline of CPU per check.
 */
final class HaproxyChecks implements AutoCloseable {

    private final Process process;

    private HaproxyChecks(Process process) {
        this.process = process;
    }

    /** Starts HAProxy checking every port in {@code ports} (one server line each) every {@code interval}. */
    static HaproxyChecks start(Path haproxy, Path work, List<Integer> ports, String targetUrl, Duration interval)
            throws IOException {
        List<String> config = new ArrayList<>(List.of(
                "global",
                "defaults", "  mode http", "  timeout connect 10s", "  timeout client 10s", "  timeout server 10s",
                "frontend unused", "  bind 127.0.0.1:" + FreePorts.next(), "  default_backend proxies",
                "backend proxies",
                "  option httpchk",
                "  http-check send meth GET uri " + targetUrl + " ver HTTP/1.1 hdr Host 127.0.0.1",
                "  http-check expect status 200",
                "  default-server check inter " + interval.toMillis() + " fall 3 rise 2"));
        for (int i = 0; i < ports.size(); i++) {
            config.add("  server p" + i + " 127.0.0.1:" + ports.get(i));
        }
        Path file = work.resolve("haproxy.cfg");
        Files.write(file, config);
        Process process = new ProcessBuilder(haproxy.toString(), "-db", "-f", file.toString())
                .redirectErrorStream(true).redirectOutput(work.resolve("haproxy.log").toFile()).start();
        return new HaproxyChecks(process);
    }

    /** CPU time HAProxy has used so far. */
    Duration cpu() {
        Optional<Duration> cpu = process.toHandle().info().totalCpuDuration();
        return cpu.orElseThrow(() -> new IllegalStateException("HAProxy's CPU time is not readable here"));
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        process.waitFor();
    }
}
