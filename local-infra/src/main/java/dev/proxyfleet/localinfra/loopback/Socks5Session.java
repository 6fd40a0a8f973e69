package dev.proxyfleet.localinfra.loopback;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * One client connection of a SOCKS5 proxy (RFC 1928, with RFC 1929's username and password when the proxy asks for a
 * login): greeting, login, a CONNECT to a loopback address, then bytes relayed both ways. Anything else (another
 * command, a destination off 127.0.0.0/8, a wrong login) is answered as the RFCs say and the connection closed.
 * Messages may arrive split or together, so each stage waits until its message is complete.
 */
final class Socks5Session {

    private static final int VERSION = 5;
    private static final int LOGIN_VERSION = 1;
    private static final int NO_LOGIN = 0;
    private static final int USERNAME_PASSWORD = 2;
    private static final int NO_ACCEPTABLE_METHOD = 0xFF;
    private static final int CONNECT = 1;
    private static final int IPV4 = 1;
    private static final int DOMAIN = 3;
    private static final int IPV6 = 4;
    private static final int SUCCEEDED = 0;
    private static final int NOT_ALLOWED = 2;
    private static final int REFUSED = 5;
    private static final int COMMAND_NOT_SUPPORTED = 7;
    private static final int ADDRESS_TYPE_NOT_SUPPORTED = 8;

    private enum Stage { GREETING, LOGIN, REQUEST, CONNECTING, CLOSED }

    private final NetSocket client;
    private final Login login;
    private final NetClient connector;
    private Buffer received = Buffer.buffer();
    private Stage stage = Stage.GREETING;

    /** @param login what the client must send, or null when the proxy asks for none */
    Socks5Session(NetSocket client, Login login, NetClient connector) {
        this.client = client;
        this.login = login;
        this.connector = connector;
    }

    void start() {
        client.handler(this::receive);
    }

    private void receive(Buffer data) {
        received.appendBuffer(data);
        for (int used = step(); used > 0; used = step()) {
            received = received.getBuffer(used, received.length());
        }
    }

    /** Handles the current stage's message once it is complete: the bytes it took, or 0 to wait for more. */
    private int step() {
        return switch (stage) {
            case GREETING -> greeting();
            case LOGIN -> login();
            case REQUEST -> request();
            case CONNECTING, CLOSED -> 0;
        };
    }

    /** VER, NMETHODS, METHODS: the proxy picks the one method it accepts, or none. */
    private int greeting() {
        if (received.length() < 2 || received.length() < 2 + received.getUnsignedByte(1)) {
            return 0;
        }
        int size = 2 + received.getUnsignedByte(1);
        int wanted = login == null ? NO_LOGIN : USERNAME_PASSWORD;
        boolean offered = false;
        for (int i = 2; i < size; i++) {
            offered |= received.getUnsignedByte(i) == wanted;
        }
        if (received.getUnsignedByte(0) != VERSION || !offered) {
            finish(Buffer.buffer(new byte[] {VERSION, (byte) NO_ACCEPTABLE_METHOD}));
            return size;
        }
        client.write(Buffer.buffer(new byte[] {VERSION, (byte) wanted}));
        stage = login == null ? Stage.REQUEST : Stage.LOGIN;
        return size;
    }

    /** VER, ULEN, UNAME, PLEN, PASSWD (RFC 1929). */
    private int login() {
        if (received.length() < 2 || received.length() < 3 + received.getUnsignedByte(1)) {
            return 0;
        }
        int usernameEnd = 2 + received.getUnsignedByte(1);
        int size = usernameEnd + 1 + received.getUnsignedByte(usernameEnd);
        if (received.length() < size) {
            return 0;
        }
        boolean admitted = login.admits(received.getString(2, usernameEnd, StandardCharsets.UTF_8.name()),
                received.getString(usernameEnd + 1, size, StandardCharsets.UTF_8.name()));
        Buffer answer = Buffer.buffer(new byte[] {LOGIN_VERSION, (byte) (admitted ? 0 : 1)});
        if (admitted) {
            client.write(answer);
            stage = Stage.REQUEST;
        } else {
            finish(answer);
        }
        return size;
    }

    /** VER, CMD, RSV, ATYP, DST.ADDR, DST.PORT. */
    private int request() {
        if (received.length() < 5) {
            return 0;
        }
        int type = received.getUnsignedByte(3);
        int addressLength = switch (type) {
            case IPV4 -> 4;
            case DOMAIN -> 1 + received.getUnsignedByte(4);
            case IPV6 -> 16;
            default -> -1;
        };
        if (addressLength < 0) {
            finish(reply(ADDRESS_TYPE_NOT_SUPPORTED));
            return received.length();
        }
        int size = 4 + addressLength + 2;
        if (received.length() < size) {
            return 0;
        }
        if (received.getUnsignedByte(1) != CONNECT) {
            finish(reply(COMMAND_NOT_SUPPORTED));
            return size;
        }
        // An IPv6 destination is never loopback in the sense of 127.0.0.0/8: it stays without a host and is refused.
        String host = type == IPV4 ? ipv4(4) : type == DOMAIN ? received.getString(5, 4 + addressLength) : null;
        Optional<SocketAddress> destination = Loopback.address(host, received.getUnsignedShort(size - 2));
        if (destination.isEmpty()) {
            finish(reply(NOT_ALLOWED));
            return size;
        }
        stage = Stage.CONNECTING;
        client.pause();
        connector.connect(destination.get()).onComplete(connected -> {
            if (connected.failed()) {
                finish(reply(REFUSED));
                return;
            }
            NetSocket target = connected.result();
            client.write(reply(SUCCEEDED));
            if (received.length() > 0) {
                target.write(received);
            }
            Loopback.relay(client, target);
        });
        return size;
    }

    private String ipv4(int offset) {
        return received.getUnsignedByte(offset) + "." + received.getUnsignedByte(offset + 1) + "."
                + received.getUnsignedByte(offset + 2) + "." + received.getUnsignedByte(offset + 3);
    }

    /** A reply to a request; the bound address is left zero, as clients that only CONNECT ignore it. */
    private static Buffer reply(int code) {
        return Buffer.buffer(new byte[] {VERSION, (byte) code, 0, IPV4, 0, 0, 0, 0, 0, 0});
    }

    private void finish(Buffer answer) {
        stage = Stage.CLOSED;
        client.write(answer).onComplete(written -> client.close());
    }
}
