package dev.proxyfleet.status.model;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Proxies that leave through one exit IP: to the upstream they are one proxy, so binding two models to them breaks the
 * one-model rule behind the inventory's back.
 *
 * @param models the models of the accounts they hold, each once, in order: more than one breaks the rule
 */
public record ExitIpGroup(String exitIp, List<String> models, List<SharingProxy> proxies) {

    /** A proxy of a group: what an operator needs to tell which inventory entries these are. */
    public record SharingProxy(long id, String host, int port, String provider, boolean enabled, String health,
            Instant exitIpChangedAt, int accounts, String modelId) {

        static SharingProxy of(ProxyStatus p) {
            return new SharingProxy(p.id(), p.host(), p.port(), p.provider(), p.enabled(), p.health(),
                    p.exitIpChangedAt(), p.accounts(), p.modelId());
        }
    }

    /** The groups of at least two proxies sharing an exit IP, by exit IP; their proxies in the given order. */
    public static List<ExitIpGroup> of(Collection<ProxyStatus> proxies) {
        Map<String, List<ProxyStatus>> byExitIp = proxies.stream().filter(p -> p.exitIp() != null)
                .collect(Collectors.groupingBy(ProxyStatus::exitIp, TreeMap::new, Collectors.toList()));
        return byExitIp.entrySet().stream().filter(group -> group.getValue().size() > 1)
                .map(group -> new ExitIpGroup(group.getKey(),
                        group.getValue().stream().map(ProxyStatus::modelId).filter(Objects::nonNull).distinct().sorted()
                                .toList(),
                        group.getValue().stream().map(SharingProxy::of).toList()))
                .toList();
    }
}
