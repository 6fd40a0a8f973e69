package dev.proxyfleet.assignment.engine;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which whole proxies to empty for models that wait, and where their accounts go: no I/O, so it is unit-tested on its
 * own. Proxies are emptied in units another model can take once empty: a proxy without an exit IP, or all of a model's
 * proxies leaving through one address (one of them emptied alone would still be the model's through its address). A
 * unit of model A can be emptied when A's other units have room for its accounts, an address's room being that of its
 * proxies within its limit; its accounts then join A's fullest proxies with room. Units that need the fewest moves are
 * emptied first, and only as many as the waiting accounts need: each is meant for the model that has waited longest
 * and still needs room, as the queue hands it out. Models that wait themselves give no proxy away.
 *
 * @param freed the proxies to empty, in the order they are emptied
 * @param addresses the exit IPs of the proxies it empties or moves accounts to, as the plan saw them
 */
public record ConsolidationPlan(List<Freed> freed, Set<Address> addresses) {

    private static final Comparator<Proxy> FULLEST = Comparator.comparingInt(Proxy::accounts).reversed()
            .thenComparingLong(Proxy::id);
    private static final Comparator<Unit> FEWEST_ACCOUNTS = Comparator.comparingInt(Unit::accounts)
            .thenComparingLong(Unit::id);

    /**
     * A proxy that holds accounts and may take more (enabled, not failed), as the plan saw it.
     *
     * @param exitIp the address it leaves through, or null
     */
    public record Proxy(long id, String modelId, int accounts, int maxAccounts, String exitIp) {

        int free() {
            return maxAccounts - accounts;
        }
    }

    /**
     * An exit IP with the accounts of all its proxies (serving or not) and the operator's limit (null: none), as the
     * plan saw it. Every account on it is of the model its proxies hold.
     */
    public record Address(String address, int accounts, Integer maxAccounts) {

        /** How many more accounts it takes, its proxies' own room aside. */
        int room() {
            return maxAccounts == null ? Integer.MAX_VALUE : maxAccounts - accounts;
        }
    }

    /** A model's accounts waiting for room, in the order the queue serves the models. */
    public record Waiting(String modelId, long accounts) {
    }

    /** Some of a freed proxy's accounts, going to another proxy of its model, which holds {@code toAccountsAfter} then. */
    public record Transfer(Proxy to, int accounts, int toAccountsAfter) {
    }

    /** A proxy to empty, whose accounts the transfers take, and the model that is to get it. */
    public record Freed(Proxy proxy, String forModelId, List<Transfer> transfers) {

        /** The proxy's accounts handed to the transfers in turn: one move per account. */
        public List<Move> moves(List<String> accountIds) {
            if (accountIds.size() != proxy.accounts()) {
                throw new IllegalArgumentException("proxy " + proxy.id() + " holds " + accountIds.size()
                        + " accounts, the plan counted " + proxy.accounts());
            }
            List<Move> moves = new ArrayList<>(accountIds.size());
            for (Transfer transfer : transfers) {
                int before = transfer.toAccountsAfter() - transfer.accounts();
                for (int k = 1; k <= transfer.accounts(); k++) {
                    moves.add(new Move(accountIds.get(moves.size()), proxy.id(), transfer.to().id(), before + k));
                }
            }
            return moves;
        }
    }

    /** One account's move; the proxy it joins holds {@code toProxyAccounts} accounts after it. */
    public record Move(String accountId, long fromProxyId, long toProxyId, int toProxyAccounts) {
    }

    /**
     * Proxies of one model that are emptied together: one without an exit IP, or those leaving through one address.
     *
     * @param address their exit IP, or null for a proxy without one
     */
    private record Unit(List<Proxy> proxies, Address address) {

        long id() {
            return proxies.get(0).id();
        }

        String modelId() {
            return proxies.get(0).modelId();
        }

        int accounts() {
            return proxies.stream().mapToInt(Proxy::accounts).sum();
        }

        /** How many accounts of the model's other units it takes: its proxies' room, within its address's. */
        int room() {
            int own = proxies.stream().mapToInt(Proxy::free).sum();
            return address == null ? own : Math.min(own, address.room());
        }

        /** The slots it offers another model once empty. */
        int slots() {
            int own = proxies.stream().mapToInt(Proxy::maxAccounts).sum();
            return address == null || address.maxAccounts() == null ? own : Math.min(own, address.maxAccounts());
        }

        /** Whether emptying it frees its address: no account holds it through a proxy the plan cannot empty. */
        boolean emptiesItsAddress() {
            return address == null || address.accounts() == accounts();
        }
    }

    /** The plan for these proxies, the addresses they leave through, and this queue. */
    public static ConsolidationPlan of(List<Proxy> used, List<Address> addresses, List<Waiting> waiting) {
        Set<String> waitingModels = waiting.stream().map(Waiting::modelId).collect(Collectors.toSet());
        Map<String, Address> byAddress = addresses.stream().collect(Collectors.toMap(Address::address, address -> address));
        Map<String, List<Unit>> byModel = used.stream().filter(proxy -> !waitingModels.contains(proxy.modelId()))
                .collect(Collectors.groupingBy(Proxy::modelId, Collectors.collectingAndThen(Collectors.toList(),
                        proxies -> units(proxies, byAddress))));
        List<Unit> freeable = byModel.values().stream().flatMap(units -> freeable(units).stream())
                .sorted(FEWEST_ACCOUNTS).toList();
        Deque<Waiting> queue = new ArrayDeque<>(waiting);
        long stillNeeded = queue.isEmpty() ? 0 : queue.peek().accounts();
        Map<Unit, String> chosen = new HashMap<>();
        for (Unit unit : freeable) {
            if (queue.isEmpty()) {
                break;
            }
            chosen.put(unit, queue.peek().modelId());
            stillNeeded -= unit.slots();
            if (stillNeeded <= 0) {
                queue.poll();
                stillNeeded = queue.isEmpty() ? 0 : queue.peek().accounts();
            }
        }
        List<Freed> freed = transfers(byModel, chosen, freeable, byAddress);
        Set<String> touched = proxies(freed).stream().map(Proxy::exitIp).filter(Objects::nonNull).collect(Collectors.toSet());
        return new ConsolidationPlan(freed, addresses.stream().filter(address -> touched.contains(address.address()))
                .collect(Collectors.toSet()));
    }

    /** A model's proxies in units, in id order. */
    private static List<Unit> units(List<Proxy> ofModel, Map<String, Address> byAddress) {
        Map<Object, List<Proxy>> grouped = ofModel.stream().sorted(Comparator.comparingLong(Proxy::id)).collect(
                Collectors.groupingBy(proxy -> proxy.exitIp() == null ? proxy.id() : proxy.exitIp(), LinkedHashMap::new,
                        Collectors.toList()));
        return grouped.values().stream().map(proxies -> new Unit(proxies,
                proxies.get(0).exitIp() == null ? null : byAddress.get(proxies.get(0).exitIp()))).toList();
    }

    /**
     * The model's units that can be emptied one after the other, fewest accounts first: each while the room of the
     * units not emptied before it, its own aside, takes its accounts.
     */
    private static List<Unit> freeable(List<Unit> ofModel) {
        long room = ofModel.stream().mapToLong(Unit::room).sum();
        List<Unit> freeable = new ArrayList<>();
        for (Unit unit : ofModel.stream().sorted(FEWEST_ACCOUNTS).toList()) {
            if (unit.emptiesItsAddress() && unit.accounts() + unit.room() <= room) {
                freeable.add(unit);
                room -= unit.accounts() + unit.room();
            }
        }
        return freeable;
    }

    /**
     * Where the chosen units' accounts go: their model's other proxies, fullest first, each address taking no more
     * than its room. A chosen unit's accounts all leave their address, so no address both gives and takes.
     */
    private static List<Freed> transfers(Map<String, List<Unit>> byModel, Map<Unit, String> chosen, List<Unit> order,
            Map<String, Address> byAddress) {
        Map<Long, Integer> accounts = new HashMap<>();
        Map<String, Integer> addressRoom = new HashMap<>();
        List<Freed> freed = new ArrayList<>();
        for (Unit unit : order.stream().filter(chosen::containsKey).toList()) {
            List<Proxy> targets = byModel.get(unit.modelId()).stream().filter(target -> !chosen.containsKey(target))
                    .flatMap(target -> target.proxies().stream()).sorted(FULLEST).toList();
            for (Proxy proxy : unit.proxies()) {
                List<Transfer> transfers = new ArrayList<>();
                int left = proxy.accounts();
                for (Proxy target : targets) {
                    int before = accounts.getOrDefault(target.id(), target.accounts());
                    int addressLeft = target.exitIp() == null ? Integer.MAX_VALUE
                            : addressRoom.computeIfAbsent(target.exitIp(), address -> byAddress.get(address).room());
                    int taken = Math.min(left, Math.min(target.maxAccounts() - before, addressLeft));
                    if (taken > 0) {
                        transfers.add(new Transfer(target, taken, before + taken));
                        accounts.put(target.id(), before + taken);
                        if (target.exitIp() != null) {
                            addressRoom.put(target.exitIp(), addressLeft - taken);
                        }
                        left -= taken;
                    }
                }
                freed.add(new Freed(proxy, chosen.get(unit), transfers));
            }
        }
        return freed;
    }

    /** Every proxy the plan empties or moves accounts to, as it saw them. */
    public Set<Proxy> proxies() {
        return proxies(freed);
    }

    private static Set<Proxy> proxies(List<Freed> freed) {
        Set<Proxy> proxies = new HashSet<>();
        freed.forEach(proxy -> {
            proxies.add(proxy.proxy());
            proxy.transfers().forEach(transfer -> proxies.add(transfer.to()));
        });
        return proxies;
    }

    public int moves() {
        return freed.stream().mapToInt(proxy -> proxy.proxy().accounts()).sum();
    }
}
