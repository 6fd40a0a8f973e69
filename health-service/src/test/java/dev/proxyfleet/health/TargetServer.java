package dev.proxyfleet.health;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The site probes fetch in tests: a good page, a slow one, a server error, a client error and one that hangs; over
 * plain HTTP and over TLS with self-signed certificates, trusted through {@link #trustPem()} or not. And a server that
 * does not speak TLS where it should. {@code /ip} is the exit-IP target: it answers {@code {"ip": "..."}} with the
 * address its caller connected from, as a public echo service does, or, while told to, a page that names none.
 */
public final class TargetServer {

    /** The text a good page contains (the tests' {@code health.body-pattern}). */
    public static final String GOOD_TEXT = "proxyfleet-ok";
    /** How long {@code /slow} takes: above the tests' degraded-latency, below their timeout. */
    public static final int SLOW_MS = 600;

    /** How a target server speaks, each one a server of its own. */
    public enum Tls {
        /** Plain HTTP. */
        NONE(null),
        /** TLS with a certificate for 127.0.0.1 that the trust file holds. */
        TRUSTED("ip:127.0.0.1"),
        /** TLS with a certificate for 127.0.0.1 that nothing trusts. */
        UNTRUSTED("ip:127.0.0.1"),
        /** TLS with a certificate the trust file holds, but issued for another host. */
        OTHER_HOST("dns:elsewhere.invalid");

        private final String subjectAltName;

        Tls(String subjectAltName) {
            this.subjectAltName = subjectAltName;
        }
    }

    private static final Map<Tls, HttpServer> SERVERS = new EnumMap<>(Tls.class);
    private static final Map<Tls, TestCertificate> CERTIFICATES = new EnumMap<>(Tls.class);
    /** What a web server's plain port says to a TLS client hello. */
    private static final byte[] BAD_REQUEST = "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
            .getBytes(StandardCharsets.US_ASCII);

    private static Path trustPem;
    private static ServerSocket plainAnswers;
    private static volatile boolean noAddress;
    private static final AtomicInteger NO_ADDRESS_SERVED = new AtomicInteger();
    /** The port of the plain HTTP server while it is stopped, else 0. */
    private static int stoppedPort;

    private TargetServer() {
    }

    /** The plain HTTP URL of a path on the server, started on first use. */
    public static String url(String path) {
        return url(Tls.NONE, path);
    }

    /** The URL of a path on the server that speaks {@code tls}, started on first use. */
    public static synchronized String url(Tls tls, String path) {
        HttpServer server = SERVERS.computeIfAbsent(tls, TargetServer::start);
        return (tls == Tls.NONE ? "http" : "https") + "://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    /** A PEM file with the certificates of {@link Tls#TRUSTED} and {@link Tls#OTHER_HOST}: the tests' extra trust. */
    public static synchronized Path trustPem() {
        if (trustPem == null) {
            try {
                trustPem = Files.createTempFile("target-trust", ".pem");
                Files.writeString(trustPem, certificate(Tls.TRUSTED).pem() + certificate(Tls.OTHER_HOST).pem());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return trustPem;
    }

    /**
     * An https URL of a server that does not speak TLS: it answers every connection with a plain HTTP 400 at once, the
     * way a web server's plain port answers a TLS client hello (the JDK's HTTP server would wait for a request line).
     */
    public static synchronized String notTlsUrl() {
        if (plainAnswers == null) {
            try {
                plainAnswers = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Thread answering = new Thread(() -> answerPlainly(plainAnswers), "not-tls-target");
            answering.setDaemon(true);
            answering.start();
        }
        return "https://127.0.0.1:" + plainAnswers.getLocalPort() + "/ok";
    }

    /** From now on, {@code /ip} answers a page without an address (true) or the caller's address again (false). */
    public static void answerNoAddress(boolean on) {
        noAddress = on;
    }

    /** How many answers without an address {@code /ip} has given. */
    public static int noAddressServed() {
        return NO_ADDRESS_SERVED.get();
    }

    private static void answerPlainly(ServerSocket server) {
        while (true) {
            try (Socket client = server.accept()) {
                client.setSoTimeout(2_000);
                client.getInputStream().read(new byte[4096]);
                client.getOutputStream().write(BAD_REQUEST);
                // Closing with the client's bytes unread would reset the connection before it reads the answer.
                client.shutdownOutput();
                client.getInputStream().transferTo(OutputStream.nullOutputStream());
            } catch (IOException e) {
                // That client is done with; the next one gets the same answer.
            }
        }
    }

    /** Stops the plain HTTP server, keeping its port: every fetch of it, through a proxy or not, fails. */
    public static synchronized void stop() {
        HttpServer server = SERVERS.get(Tls.NONE);
        stoppedPort = server.getAddress().getPort();
        server.stop(0);
    }

    /** Starts the plain HTTP server stopped by {@link #stop()} again on its port. */
    public static synchronized void restart() {
        if (stoppedPort != 0) {
            SERVERS.put(Tls.NONE, start(Tls.NONE, stoppedPort));
            stoppedPort = 0;
        }
    }

    private static TestCertificate certificate(Tls tls) {
        return CERTIFICATES.computeIfAbsent(tls, t -> TestCertificate.issue(t.subjectAltName));
    }

    private static HttpServer start(Tls tls) {
        return start(tls, 0);
    }

    private static HttpServer start(Tls tls, int port) {
        try {
            InetSocketAddress address = new InetSocketAddress("127.0.0.1", port);
            HttpServer http = tls == Tls.NONE ? HttpServer.create(address, 100) : https(address, certificate(tls));
            http.createContext("/ok", exchange -> answer(exchange, 200, 0));
            http.createContext("/slow", exchange -> answer(exchange, 200, SLOW_MS));
            http.createContext("/error", exchange -> answer(exchange, 503, 0));
            http.createContext("/missing", exchange -> answer(exchange, 404, 0));
            http.createContext("/hang", exchange -> answer(exchange, 200, 5_000));
            http.createContext("/ip", TargetServer::echo);
            http.setExecutor(Executors.newCachedThreadPool());
            http.start();
            return http;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static HttpsServer https(InetSocketAddress address, TestCertificate certificate) throws IOException {
        HttpsServer https = HttpsServer.create(address, 100);
        https.setHttpsConfigurator(new HttpsConfigurator(certificate.serverContext()));
        return https;
    }

    private static void echo(HttpExchange exchange) throws IOException {
        boolean none = noAddress;
        if (none) {
            NO_ADDRESS_SERVED.incrementAndGet();
        }
        String caller = exchange.getRemoteAddress().getAddress().getHostAddress();
        byte[] body = (none ? "<html>" + GOOD_TEXT + ", but no address here</html>" : "{\"ip\": \"" + caller + "\"}")
                .getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private static void answer(HttpExchange exchange, int status, int delayMs) throws IOException {
        try {
            Thread.sleep(delayMs);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        byte[] body = ("<html>" + GOOD_TEXT + "</html>").getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
