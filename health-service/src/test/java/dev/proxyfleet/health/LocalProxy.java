package dev.proxyfleet.health;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.proxyfleet.contracts.Protocol;
import dev.proxyfleet.localinfra.DebianPackages;
import dev.proxyfleet.localinfra.FreePorts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;

/**
 * A real proxy server in its own process: Debian's tinyproxy (HTTP forward and CONNECT, basic auth) or microsocks
 * (SOCKS5, username/password). Tests kill it to make it fail and start it again on the same port to make it recover.
 */
public final class LocalProxy implements AutoCloseable {

    /** How tinyproxy logs a request line. */
    private static final Pattern REQUEST = Pattern.compile("Request \\(file descriptor \\d+\\): (.+)$");

    private final Protocol protocol;
    private final List<String> command;
    private final int port;
    private final Path requestLog;
    private Process process;

    private LocalProxy(Protocol protocol, List<String> command, int port, Path requestLog) {
        this.protocol = protocol;
        this.command = command;
        this.port = port;
        this.requestLog = requestLog;
    }

    /** A running tinyproxy that wants these credentials; the test is skipped where tinyproxy cannot be had. */
    public static LocalProxy http(String username, String password) {
        return tinyproxy(Protocol.HTTP, username, password);
    }

    /**
     * A running tinyproxy listed as an HTTPS proxy: one that clients use for https sites through CONNECT. Without a
     * {@code ConnectPort} line tinyproxy tunnels to any port, so to a local target too.
     */
    public static LocalProxy https(String username, String password) {
        return tinyproxy(Protocol.HTTPS, username, password);
    }

    private static LocalProxy tinyproxy(Protocol protocol, String username, String password) {
        Path tinyproxy = program("tinyproxy");
        int port = FreePorts.next();
        try {
            Path config = Files.createTempFile("tinyproxy", ".conf");
            Path log = Files.createTempFile("tinyproxy", ".log");
            // Level Connect logs each request line (no headers, so no credentials): tests see CONNECT or a forward GET.
            Files.writeString(config, String.join("\n", "Port " + port, "Listen 127.0.0.1", "Timeout 30",
                    "Allow 127.0.0.1", "MaxClients 500", "LogLevel Connect", "LogFile \"" + log + "\"",
                    "BasicAuth " + username + " " + password, ""));
            return started(new LocalProxy(protocol, List.of(tinyproxy.toString(), "-d", "-c", config.toString()), port, log));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A running microsocks that wants these credentials; the test is skipped where microsocks cannot be had. */
    public static LocalProxy socks5(String username, String password) {
        Path microsocks = program("microsocks");
        int port = FreePorts.next();
        return started(new LocalProxy(Protocol.SOCKS5, List.of(microsocks.toString(), "-i", "127.0.0.1", "-p",
                Integer.toString(port), "-u", username, "-P", password), port, null));
    }

    private static Path program(String name) {
        Optional<Path> path = DebianPackages.ensure(name, name);
        assumeTrue(path.isPresent(), DebianPackages.missingMessage(name, name));
        return path.get();
    }

    private static LocalProxy started(LocalProxy proxy) {
        proxy.start();
        return proxy;
    }

    public Protocol protocol() {
        return protocol;
    }

    public int port() {
        return port;
    }

    /** The request lines tinyproxy received so far, such as {@code CONNECT 127.0.0.1:443 HTTP/1.1}. */
    public List<String> requests() {
        try {
            return Files.readAllLines(requestLog).stream().map(REQUEST::matcher).filter(Matcher::find)
                    .map(m -> m.group(1)).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts the proxy (again) on its port and waits until it accepts connections. */
    public void start() {
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).until(this::accepts);
    }

    /** Kills the proxy process; connections to its port are refused from now on. */
    public void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private boolean accepts() {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() {
        kill();
    }
}
