package dev.proxyfleet.health;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A proxy on 127.0.0.1 that misbehaves on purpose: it reads up to the end of a request head (an HTTP forward request or
 * a CONNECT; a SOCKS5 greeting never gets there), or goes through a SOCKS5 handshake, and then answers the way its
 * {@link Behaviour} says, for as long as the client keeps the connection. It counts the connections that ended, so
 * tests can see that the client closed each one.
 */
public final class HostileProxy implements AutoCloseable {

    /** How the proxy answers a request head. */
    public enum Behaviour {
        /** 200 and a chunked body without end: a 16 KiB chunk of {@link TargetServer#GOOD_TEXT} every 10 ms. */
        ENDLESS_BODY(10),
        /** A response head that never completes: one byte a second. */
        DRIPPING_HEAD(1_000),
        /** Nothing at all. */
        SILENT(1_000),
        /** A SOCKS5 proxy that accepts the greeting only after {@link #SOCKS5_DELAY_MS}, then says nothing. */
        SLOW_SOCKS5(1_000);

        /** How long {@link #SLOW_SOCKS5} takes to accept a greeting. */
        public static final int SOCKS5_DELAY_MS = 600;

        private static final byte[] CHUNKED_HEAD = ascii("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n");
        private static final byte[] CHUNK =
                ascii("4000\r\n" + (TargetServer.GOOD_TEXT + " ").repeat(1200).substring(0, 0x4000) + "\r\n");
        private static final byte[] DRIPPED_HEAD = ascii("HTTP/1.1 200 OK\r\nX-Drip: ");

        private final int paceMs;

        Behaviour(int paceMs) {
            this.paceMs = paceMs;
        }

        /** What to send in the {@code n}-th pace, null for nothing. */
        private byte[] piece(long n) {
            return switch (this) {
                case ENDLESS_BODY -> n == 0 ? CHUNKED_HEAD : CHUNK;
                case DRIPPING_HEAD -> new byte[] {n < DRIPPED_HEAD.length ? DRIPPED_HEAD[(int) n] : (byte) 'a'};
                case SILENT, SLOW_SOCKS5 -> null;
            };
        }

        private static byte[] ascii(String text) {
            return text.getBytes(StandardCharsets.US_ASCII);
        }
    }

    private final Behaviour behaviour;
    private final ServerSocket server;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final AtomicInteger accepted = new AtomicInteger();
    private final AtomicInteger ended = new AtomicInteger();

    private HostileProxy(Behaviour behaviour) throws IOException {
        this.behaviour = behaviour;
        this.server = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
    }

    /** A proxy that behaves so, accepting connections until closed. */
    public static HostileProxy start(Behaviour behaviour) {
        try {
            HostileProxy proxy = new HostileProxy(behaviour);
            daemon(proxy::accept, "hostile-proxy-" + proxy.port());
            return proxy;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return server.getLocalPort();
    }

    /** Connections accepted so far. */
    public int accepted() {
        return accepted.get();
    }

    /** Accepted connections that are over: the client closed or reset them. */
    public int ended() {
        return ended.get();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                open.add(socket);
                accepted.incrementAndGet();
                daemon(() -> serve(socket), "hostile-connection-" + socket.getPort());
            } catch (IOException e) {
                // Closed: the test is over.
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            InputStream in = new BufferedInputStream(socket.getInputStream());
            if (behaviour == Behaviour.SLOW_SOCKS5 ? socks5Handshake(in, socket.getOutputStream()) : readHead(in)) {
                answer(socket, in);
            }
        } catch (IOException e) {
            // The client reset the connection, or closed it while this proxy was writing.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            open.remove(socket);
            ended.incrementAndGet();
        }
    }

    /** Reads up to the blank line that ends a request head; false when the client closed the connection first. */
    private static boolean readHead(InputStream in) throws IOException {
        int lastFour = 0;
        for (int b = in.read(); b >= 0; b = in.read()) {
            lastFour = lastFour << 8 | b;
            if (lastFour == 0x0d0a0d0a) {
                return true;
            }
        }
        return false;
    }

    /**
     * A SOCKS5 handshake without authentication, the greeting accepted late and any CONNECT granted; false when the
     * client closed the connection first.
     */
    private static boolean socks5Handshake(InputStream in, OutputStream out) throws IOException, InterruptedException {
        byte[] greeting = in.readNBytes(2); // version, number of methods; the methods follow
        if (greeting.length < 2 || in.readNBytes(greeting[1]).length < greeting[1]) {
            return false;
        }
        Thread.sleep(Behaviour.SOCKS5_DELAY_MS);
        out.write(new byte[] {5, 0});
        byte[] request = in.readNBytes(4); // version, command, reserved, address type; the address and port follow
        if (request.length < 4) {
            return false;
        }
        int addressLength = switch (request[3]) {
            case 1 -> 4;
            case 4 -> 16;
            default -> in.read();
        };
        if (addressLength < 0 || in.readNBytes(addressLength + 2).length < addressLength + 2) {
            return false;
        }
        out.write(new byte[] {5, 0, 0, 1, 0, 0, 0, 0, 0, 0});
        return true;
    }

    private void answer(Socket socket, InputStream in) throws IOException {
        // Waiting one pace for the client's next byte instead of sleeping notices its close at once.
        socket.setSoTimeout(behaviour.paceMs);
        OutputStream out = socket.getOutputStream();
        for (long n = 0; ; n++) {
            byte[] piece = behaviour.piece(n);
            if (piece != null) {
                out.write(piece);
            }
            try {
                if (in.read() < 0) {
                    return;
                }
            } catch (SocketTimeoutException e) {
                // The pace has passed with the connection still open: on to the next piece.
            }
        }
    }

    private static void daemon(Runnable task, String name) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        thread.start();
    }

    /** Stops accepting and drops the connections still open. */
    @Override
    public void close() {
        try {
            server.close();
            for (Socket socket : open) {
                socket.close();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
