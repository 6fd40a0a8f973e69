package dev.proxyfleet.system;

import dev.proxyfleet.localinfra.FreePorts;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/** A real SOCKS5 proxy with a login: Debian's microsocks on a free loopback port, in its own process. */
final class Socks5Proxy implements AutoCloseable {

    final int port = FreePorts.next();
    private final Process process;

    Socks5Proxy(Path microsocks, String username, String password) throws IOException, InterruptedException {
        process = new ProcessBuilder(microsocks.toString(), "-i", "127.0.0.1", "-p", Integer.toString(port),
                "-u", username, "-P", password).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        Instant deadline = Instant.now().plusSeconds(10);
        while (!accepts()) {
            if (!process.isAlive() || Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("microsocks did not listen on port " + port);
            }
            Thread.sleep(Duration.ofMillis(50).toMillis());
        }
    }

    /** A connection, not a bind: a bind probe could take the port from microsocks while it starts. */
    private boolean accepts() {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException notYet) {
            return false;
        }
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
