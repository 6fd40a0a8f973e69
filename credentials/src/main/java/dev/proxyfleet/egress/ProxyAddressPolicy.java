package dev.proxyfleet.egress;

import jakarta.enterprise.context.ApplicationScoped;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which addresses the fleet may treat as proxies, against server-side request forgery: a proxy's host is where
 * health-service connects every interval with the proxy's password, and whose errors viewers read. Refused unless
 * allowed: the unspecified, link-local (cloud metadata among them), multicast and broadcast addresses, the cloud
 * metadata addresses outside link-local, and whatever {@code fleet.proxy-addresses.deny} adds. Private ranges and
 * loopback stay allowed: real fleets live there. {@code fleet.proxy-addresses.allow} makes exceptions. Of the ranges
 * that hold an address the longest decides; an allowing one beats a refusing one as long, as an exception is all it
 * is for.
 *
 * <p>inventory-service checks hosts that are IP literals when a proxy is stored; a host name is checked where it is
 * used, on the address it resolves to at that moment (health-service, before each connect), so a name that later
 * resolves elsewhere (DNS rebinding) is caught too.
 */
@ApplicationScoped
public class ProxyAddressPolicy {

    /** Refused unless allowed; documented in docs/operations.md. */
    static final List<String> BUILT_IN_DENY = List.of(
            "0.0.0.0/8", "::/128", // unspecified ("this network"; Linux connects 0.0.0.0 to itself)
            "169.254.0.0/16", "fe80::/10", // link-local, cloud metadata at 169.254.169.254
            "224.0.0.0/4", "ff00::/8", // multicast
            "255.255.255.255/32", // broadcast
            "fd00:ec2::254/128", "100.100.100.200/32"); // cloud metadata outside link-local (AWS IPv6, Alibaba)

    private static final Set<String> METADATA = Set.of("169.254.169.254", "fd00:ec2:0:0:0:0:0:254", "100.100.100.200");
    /** Literals the JDK parses without asking DNS: dotted quads without leading zeros, and IPv6 text. */
    private static final Pattern IPV4 =
            Pattern.compile("((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)");
    private static final Pattern IPV6 = Pattern.compile("[0-9a-fA-F:][0-9a-fA-F:.]*:[0-9a-fA-F:.]*");

    private final List<Range> ranges = new ArrayList<>();

    public ProxyAddressPolicy(ProxyAddressConfig config) {
        BUILT_IN_DENY.forEach(cidr -> ranges.add(Range.parse(cidr, false, null)));
        config.deny().orElse(List.of())
                .forEach(cidr -> ranges.add(Range.parse(cidr, false, "fleet.proxy-addresses.deny")));
        config.allow().orElse(List.of())
                .forEach(cidr -> ranges.add(Range.parse(cidr, true, "fleet.proxy-addresses.allow")));
        // Longest first, allow before deny at equal length: the first range that holds an address decides.
        ranges.sort(Comparator.comparingInt(Range::bits).reversed()
                .thenComparing(Range::allow, Comparator.reverseOrder()));
    }

    /**
     * Why a proxy host may not be used, when it is an IP literal this policy refuses; empty for an allowed address
     * and for a host name, which is checked once resolved ({@link #refusal(InetAddress)}). Never asks DNS.
     */
    public Optional<String> refusal(String host) {
        return literal(host).flatMap(this::refusal);
    }

    /**
     * Why connecting to this address is refused, as a phrase that names the range and where it comes from, such as
     * "a link-local address (169.254.0.0/16, refused by default)".
     */
    public Optional<String> refusal(InetAddress address) {
        return ranges.stream().filter(range -> range.holds(address)).findFirst()
                .filter(range -> !range.allow())
                .map(range -> kind(address) + " (" + range.cidr() + ", " + range.origin() + ")");
    }

    private static String kind(InetAddress address) {
        if (METADATA.contains(address.getHostAddress())) {
            return "a cloud metadata address";
        } else if (address.isAnyLocalAddress()) {
            return "the unspecified address";
        } else if (address.isLinkLocalAddress()) {
            return "a link-local address";
        } else if (address.isMulticastAddress()) {
            return "a multicast address";
        } else if (address.isLoopbackAddress()) {
            return "a loopback address";
        } else if (address.isSiteLocalAddress()) {
            return "a private address";
        }
        return "a refused address";
    }

    /** The address an IP literal stands for; empty for a host name. */
    private static Optional<InetAddress> literal(String host) {
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        if (!IPV4.matcher(bare).matches() && !IPV6.matcher(bare).matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(InetAddress.getByName(bare));
        } catch (UnknownHostException notALiteral) {
            return Optional.empty();
        }
    }

    /** A CIDR range, whether it allows or refuses, and the setting that lists it (null: built in). */
    private record Range(String cidr, byte[] network, int bits, boolean allow, String setting) {

        static Range parse(String cidr, boolean allow, String setting) {
            String text = cidr.trim();
            int slash = text.indexOf('/');
            InetAddress address = literal(slash < 0 ? text : text.substring(0, slash))
                    .orElseThrow(() -> new IllegalStateException(
                            setting + ": '" + cidr + "' is not an IP address or CIDR range"));
            int max = address.getAddress().length * 8;
            int bits;
            try {
                bits = slash < 0 ? max : Integer.parseInt(text.substring(slash + 1));
            } catch (NumberFormatException e) {
                bits = -1;
            }
            if (bits < 0 || bits > max) {
                throw new IllegalStateException(setting + ": '" + cidr + "' needs a prefix length from 0 to " + max);
            }
            return new Range(slash < 0 ? text + "/" + max : text, address.getAddress(), bits, allow, setting);
        }

        String origin() {
            return setting == null ? "refused by default" : "in " + setting;
        }

        /** IPv4 ranges hold IPv4 addresses (the JDK reads {@code ::ffff:a.b.c.d} as one), IPv6 ranges IPv6 ones. */
        boolean holds(InetAddress address) {
            byte[] bytes = address.getAddress();
            if (bytes.length != network.length) {
                return false;
            }
            for (int bit = 0; bit < bits; bit += 8) {
                int mask = bits - bit >= 8 ? 0xff : (0xff << (8 - (bits - bit))) & 0xff;
                if ((bytes[bit / 8] & mask) != (network[bit / 8] & mask)) {
                    return false;
                }
            }
            return true;
        }
    }
}
