package dev.proxyfleet.localinfra;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

class FreePortsTest {

    @Test
    void aPortIsFreeAndBelowTheRangeOfOutgoingConnections() throws IOException {
        int port = FreePorts.next();

        assertThat(port).isBetween(20_000, 32_767);
        try (ServerSocket server = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            assertThat(server.getLocalPort()).isEqualTo(port);
        }
    }

    @Test
    void aPortSomethingListensOnIsNotFree() throws IOException {
        try (ServerSocket server = new ServerSocket(FreePorts.next(), 1, InetAddress.getLoopbackAddress())) {
            assertThat(FreePorts.isFree(server.getLocalPort())).isFalse();
        }
    }
}
