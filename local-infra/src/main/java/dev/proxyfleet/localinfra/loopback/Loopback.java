package dev.proxyfleet.localinfra.loopback;

import io.vertx.core.net.NetSocket;
import io.vertx.core.net.SocketAddress;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where the loopback proxies may go: IPv4 literals of 127.0.0.0/8 and nowhere else. Host names are refused rather
 * than resolved, since {@code localhost} may resolve to {@code ::1} and any other name to anywhere.
 */
final class Loopback {

    private static final Pattern LOOPBACK_V4 = Pattern.compile("127\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");

    private Loopback() {
    }

    /** The address to connect to, or empty when {@code host} is not a loopback address or the port is out of range. */
    static Optional<SocketAddress> address(String host, int port) {
        Matcher octets = host == null ? null : LOOPBACK_V4.matcher(host);
        if (octets == null || !octets.matches() || port < 1 || port > 65535) {
            return Optional.empty();
        }
        for (int i = 1; i <= 3; i++) {
            if (Integer.parseInt(octets.group(i)) > 255) {
                return Optional.empty();
            }
        }
        return Optional.of(SocketAddress.inetSocketAddress(port, host));
    }

    /** The address of a CONNECT request's target, {@code host:port}. */
    static Optional<SocketAddress> authority(String authority) {
        int colon = authority == null ? -1 : authority.lastIndexOf(':');
        if (colon < 0) {
            return Optional.empty();
        }
        try {
            return address(authority.substring(0, colon), Integer.parseInt(authority.substring(colon + 1)));
        } catch (NumberFormatException notAPort) {
            return Optional.empty();
        }
    }

    /** Copies bytes both ways until either side closes, which then closes the other. */
    static void relay(NetSocket client, NetSocket target) {
        client.pipeTo(target);
        target.pipeTo(client);
    }
}
