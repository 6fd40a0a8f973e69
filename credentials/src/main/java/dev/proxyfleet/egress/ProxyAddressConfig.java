package dev.proxyfleet.egress;

import io.smallrye.config.ConfigMapping;
import java.util.List;
import java.util.Optional;

/**
 * Which addresses proxies may have, beside the built-in refusals of {@link ProxyAddressPolicy}; docs/operations.md
 * ("Proxy addresses") documents both settings. inventory-service and health-service must be given the same values.
 */
@ConfigMapping(prefix = "fleet.proxy-addresses")
public interface ProxyAddressConfig {

    /** Further ranges to refuse (CIDR, or a single address), e.g. the cluster's own pod and service networks. */
    Optional<List<String>> deny();

    /** Ranges to accept although a refused range holds them; the longest matching range decides, allow at a tie. */
    Optional<List<String>> allow();
}
