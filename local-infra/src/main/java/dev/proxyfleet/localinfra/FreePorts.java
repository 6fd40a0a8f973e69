package dev.proxyfleet.localinfra;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.IntStream;

/** Free local ports for servers that must be told their port before they start. */
public final class FreePorts {

    private FreePorts() {
    }

    /**
     * Below the ports the kernel hands out to outgoing connections (Linux: from 32768): a port of that range, free when
     * chosen, can be taken by any client's connection (a Kafka or PostgreSQL client of the fleet itself) in the seconds
     * before the server that was promised it binds it.
     */
    private static final int FIRST = 20_000;
    private static final int END = 32_768;

    /** A port that was free a moment ago, outside the range outgoing connections take theirs from. */
    public static int next() {
        for (int attempt = 0; attempt < 1_000; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(FIRST, END);
            if (isFree(port)) {
                return port;
            }
        }
        throw new IllegalStateException("no free local port between " + FIRST + " and " + END);
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
