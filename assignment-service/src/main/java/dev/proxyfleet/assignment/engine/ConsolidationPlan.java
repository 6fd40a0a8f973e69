package dev.proxyfleet.assignment.engine;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which whole proxies to empty for models that wait, and where their accounts go: no I/O, so it is unit-tested on its
 * own. A proxy of model A can be emptied when A's other proxies have room for its accounts, that is while A's free
 * slots are at least the proxy's {@code maxAccounts}; its accounts then join A's fullest proxies with room. Proxies
 * that need the fewest moves are emptied first, and only as many as the waiting accounts need: each is meant for the
 * model that has waited longest and still needs room, as the queue hands it out. Models that wait themselves give no
 * proxy away.
 *
 * @param freed the proxies to empty, in the order they are emptied
 */
public record ConsolidationPlan(List<Freed> freed) {

    private static final Comparator<Proxy> FEWEST_ACCOUNTS = Comparator.comparingInt(Proxy::accounts)
            .thenComparingLong(Proxy::id);
    private static final Comparator<Proxy> FULLEST = Comparator.comparingInt(Proxy::accounts).reversed()
            .thenComparingLong(Proxy::id);

    /** A proxy that holds accounts and may take more (enabled, not failed), as the plan saw it. */
    public record Proxy(long id, String modelId, int accounts, int maxAccounts) {

        int free() {
            return maxAccounts - accounts;
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

    /** The plan for these proxies and this queue. */
    public static ConsolidationPlan of(List<Proxy> used, List<Waiting> waiting) {
        Set<String> waitingModels = waiting.stream().map(Waiting::modelId).collect(Collectors.toSet());
        Map<String, List<Proxy>> byModel = used.stream().filter(proxy -> !waitingModels.contains(proxy.modelId()))
                .collect(Collectors.groupingBy(Proxy::modelId));
        List<Proxy> freeable = byModel.values().stream().flatMap(proxies -> freeable(proxies).stream())
                .sorted(FEWEST_ACCOUNTS).toList();
        Deque<Waiting> queue = new ArrayDeque<>(waiting);
        long stillNeeded = queue.isEmpty() ? 0 : queue.peek().accounts();
        Map<Proxy, String> chosen = new HashMap<>();
        for (Proxy proxy : freeable) {
            if (queue.isEmpty()) {
                break;
            }
            chosen.put(proxy, queue.peek().modelId());
            stillNeeded -= proxy.maxAccounts();
            if (stillNeeded <= 0) {
                queue.poll();
                stillNeeded = queue.isEmpty() ? 0 : queue.peek().accounts();
            }
        }
        return new ConsolidationPlan(transfers(byModel, chosen, freeable));
    }

    /** The model's proxies that can be emptied one after the other, fewest accounts first. */
    private static List<Proxy> freeable(List<Proxy> ofModel) {
        int free = ofModel.stream().mapToInt(Proxy::free).sum();
        List<Proxy> freeable = new ArrayList<>();
        for (Proxy proxy : ofModel.stream().sorted(FEWEST_ACCOUNTS).toList()) {
            if (proxy.maxAccounts() <= free) {
                freeable.add(proxy);
                free -= proxy.maxAccounts();
            }
        }
        return freeable;
    }

    /** Where the chosen proxies' accounts go: their model's other proxies, fullest first. */
    private static List<Freed> transfers(Map<String, List<Proxy>> byModel, Map<Proxy, String> chosen, List<Proxy> order) {
        Map<Long, Integer> accounts = new HashMap<>();
        List<Freed> freed = new ArrayList<>();
        for (Proxy proxy : order.stream().filter(chosen::containsKey).toList()) {
            List<Proxy> targets = byModel.get(proxy.modelId()).stream().filter(target -> !chosen.containsKey(target))
                    .sorted(FULLEST).toList();
            List<Transfer> transfers = new ArrayList<>();
            int left = proxy.accounts();
            for (Proxy target : targets) {
                int before = accounts.getOrDefault(target.id(), target.accounts());
                int taken = Math.min(left, target.maxAccounts() - before);
                if (taken > 0) {
                    transfers.add(new Transfer(target, taken, before + taken));
                    accounts.put(target.id(), before + taken);
                    left -= taken;
                }
            }
            freed.add(new Freed(proxy, chosen.get(proxy), transfers));
        }
        return freed;
    }

    /** Every proxy the plan empties or moves accounts to, as it saw them. */
    public Set<Proxy> proxies() {
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
