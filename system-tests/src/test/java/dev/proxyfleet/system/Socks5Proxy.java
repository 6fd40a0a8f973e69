package dev.proxyfleet.system;

import dev.proxyfleet.localinfra.FreePorts;
import java.io.IOException;
import java.nio.file.Path;

/** A real SOCKS5 proxy with a login: Debian's microsocks on a free loopback port, in its own process. */
final class Socks5Proxy implements AutoCloseable {

    final int port = FreePorts.next();
    private final Process process;

    Socks5Proxy(Path microsocks, String username, String password) throws IOException {
        process = new ProcessBuilder(microsocks.toString(), "-i", "127.0.0.1", "-p", Integer.toString(port),
                "-u", username, "-P", password).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    }

    /** microsocks listens at once or exits: still running a while after its start, it listens. */
    void requireRunning() {
        if (!process.isAlive()) {
            throw new IllegalStateException("microsocks exited with code " + process.exitValue() + " (port " + port + " taken?)");
        }
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
