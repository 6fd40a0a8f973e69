package dev.proxyfleet.egress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which proxy addresses are refused, without any I/O: literals are parsed, never resolved. */
class ProxyAddressPolicyTest {

    private static ProxyAddressPolicy policy(List<String> deny, List<String> allow) {
        return new ProxyAddressPolicy(new ProxyAddressConfig() {
            @Override
            public Optional<List<String>> deny() {
                return Optional.of(deny);
            }

            @Override
            public Optional<List<String>> allow() {
                return Optional.of(allow);
            }
        });
    }

    private static final ProxyAddressPolicy DEFAULTS = policy(List.of(), List.of());

    @Test
    void refusesLinkLocalUnspecifiedMulticastAndMetadataAddressesByDefault() {
        assertThat(DEFAULTS.refusal("169.254.169.254")).contains("a cloud metadata address (169.254.0.0/16, refused by default)");
        assertThat(DEFAULTS.refusal("169.254.10.1")).contains("a link-local address (169.254.0.0/16, refused by default)");
        assertThat(DEFAULTS.refusal("0.0.0.0")).contains("the unspecified address (0.0.0.0/8, refused by default)");
        assertThat(DEFAULTS.refusal("::")).contains("the unspecified address (::/128, refused by default)");
        assertThat(DEFAULTS.refusal("224.0.0.251")).contains("a multicast address (224.0.0.0/4, refused by default)");
        assertThat(DEFAULTS.refusal("ff02::1")).contains("a multicast address (ff00::/8, refused by default)");
        assertThat(DEFAULTS.refusal("fe80::1")).contains("a link-local address (fe80::/10, refused by default)");
        assertThat(DEFAULTS.refusal("[fe80::1]")).isPresent();
        assertThat(DEFAULTS.refusal("255.255.255.255")).isPresent();
        assertThat(DEFAULTS.refusal("fd00:ec2::254")).contains("a cloud metadata address (fd00:ec2::254/128, refused by default)");
        assertThat(DEFAULTS.refusal("100.100.100.200")).isPresent();
    }

    @Test
    void ipv4MappedIpv6IsJudgedAsTheIpv4AddressItCarries() {
        assertThat(DEFAULTS.refusal("::ffff:169.254.169.254")).contains("a cloud metadata address (169.254.0.0/16, refused by default)");
        assertThat(DEFAULTS.refusal("::ffff:a9fe:a9fe")).isPresent();
    }

    @Test
    void privateRangesLoopbackAndPublicAddressesStayAllowed() {
        for (String host : List.of("10.1.2.3", "172.16.0.9", "192.168.1.20", "127.0.0.1", "127.9.9.9", "::1",
                "fd12:3456::1", "100.64.0.1", "203.0.113.7", "2001:db8::7")) {
            assertThat(DEFAULTS.refusal(host)).as(host).isEmpty();
        }
    }

    @Test
    void hostNamesAreLeftToTheCheckAtConnectTime() {
        assertThat(DEFAULTS.refusal("metadata.google.internal")).isEmpty();
        assertThat(DEFAULTS.refusal("proxy-1.example.com")).isEmpty();
    }

    @Test
    void checksResolvedAddresses() throws Exception {
        assertThat(DEFAULTS.refusal(InetAddress.getByAddress(new byte[] {(byte) 169, (byte) 254, (byte) 169, (byte) 254})))
                .contains("a cloud metadata address (169.254.0.0/16, refused by default)");
        assertThat(DEFAULTS.refusal(InetAddress.getByAddress("proxy.example", new byte[] {10, 0, 0, 1}))).isEmpty();
    }

    @Test
    void denyAddsRangesAndTheLongestMatchingRangeDecides() {
        ProxyAddressPolicy onlyTen = policy(List.of("0.0.0.0/0", "::/0", "10.9.0.0/16"), List.of("10.0.0.0/8", "169.254.7.7"));

        assertThat(onlyTen.refusal("10.1.2.3")).isEmpty();
        assertThat(onlyTen.refusal("192.168.1.1")).contains("a private address (0.0.0.0/0, in fleet.proxy-addresses.deny)");
        assertThat(onlyTen.refusal("10.9.1.1")).contains("a private address (10.9.0.0/16, in fleet.proxy-addresses.deny)");
        assertThat(onlyTen.refusal("2001:db8::1")).contains("a refused address (::/0, in fleet.proxy-addresses.deny)");
        assertThat(onlyTen.refusal("169.254.7.7")).isEmpty();
        assertThat(policy(List.of("10.9.9.9"), List.of()).refusal("10.9.9.9"))
                .contains("a private address (10.9.9.9/32, in fleet.proxy-addresses.deny)");
        assertThat(onlyTen.refusal("169.254.7.8")).contains("a link-local address (169.254.0.0/16, refused by default)");
    }

    @Test
    void anAllowingRangeIsAnExceptionOnlyWhereItIsAtLeastAsLongAsTheRefusal() {
        assertThat(policy(List.of(), List.of("169.254.0.0/15")).refusal("169.254.1.1")).isPresent();
        assertThat(policy(List.of(), List.of("169.254.0.0/16")).refusal("169.254.1.1")).isEmpty();
        assertThat(policy(List.of(), List.of("169.254.1.0/24")).refusal("169.254.1.1")).isEmpty();
        assertThat(policy(List.of("169.254.1.1"), List.of("169.254.1.0/24")).refusal("169.254.1.1")).isPresent();
    }

    @Test
    void malformedRangesStopTheStart() {
        assertThatThrownBy(() -> policy(List.of("10.0.0.0/33"), List.of()))
                .hasMessageContaining("fleet.proxy-addresses.deny: '10.0.0.0/33' needs a prefix length from 0 to 32");
        assertThatThrownBy(() -> policy(List.of(), List.of("proxies.example/24")))
                .hasMessageContaining("fleet.proxy-addresses.allow: 'proxies.example/24' is not an IP address or CIDR range");
        assertThatThrownBy(() -> policy(List.of("10.0.0.0/x"), List.of())).hasMessageContaining("prefix length");
    }
}
