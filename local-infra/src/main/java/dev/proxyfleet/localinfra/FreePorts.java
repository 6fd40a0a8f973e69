package dev.proxyfleet.localinfra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.stream.IntStream;

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

    /** The first of {@code count} consecutive ports that were free a moment ago, for servers that take a range. */
    public static int consecutive(int count) {
        for (int attempt = 0; attempt < 100; attempt++) {
            int first = next();
            if (first + count <= 65536 && IntStream.range(1, count).allMatch(i -> isFree(first + i))) {
                return first;
            }
        }
        throw new IllegalStateException("no " + count + " consecutive free local ports");
    }

    /** Whether nothing listens on the port, on any address. */
    static boolean isFree(int port) {
        // Both the wildcard and the loopback address: some systems let a wildcard bind succeed next to a loopback one.
        for (InetAddress address : new InetAddress[] {null, InetAddress.getLoopbackAddress()}) {
            try (ServerSocket socket = new ServerSocket()) {
                socket.bind(new InetSocketAddress(address, port));
            } catch (IOException e) {
                return false;
            }
        }
        return true;
    }
}
