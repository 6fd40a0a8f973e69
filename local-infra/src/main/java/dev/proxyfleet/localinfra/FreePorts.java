package dev.proxyfleet.localinfra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;

/** Free local ports for servers that must be told their port before they start. */
public final class FreePorts {

    private FreePorts() {
    }

    /** A port that was free a moment ago. */
    public static int next() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free local port", e);
        }
    }
}
