package dev.proxyfleet.inventory.importing;

import dev.proxyfleet.contracts.Protocol;
import java.util.List;

/**
 * One proxy as written on an import line, before defaults and validation. Fields the line does
 * not give are {@code null}. The host is lower-cased and an IPv6 host comes without brackets.
 */
public record ProxyCandidate(String host, Integer port, Protocol protocol, String username,
        String password, String location, List<String> labels, String provider) {

    public ProxyCandidate {
        labels = labels == null ? null : List.copyOf(labels);
    }

    /** Masks the password: a candidate may end up in a log line or an assertion message. */
    @Override
    public String toString() {
        return "ProxyCandidate[host=" + host + ", port=" + port + ", protocol=" + protocol
                + ", username=" + username + ", passwordSet=" + (password != null)
                + ", location=" + location + ", labels=" + labels + ", provider=" + provider + "]";
    }
}
