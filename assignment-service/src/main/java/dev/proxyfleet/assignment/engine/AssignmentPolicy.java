package dev.proxyfleet.assignment.engine;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;

/**
 * Which proxy an account gets, decided over the candidates {@link Placement} locked: no I/O, so the decisions are
 * unit-tested on their own. Both policies prefer healthy proxies over unknown or degraded ones; failed and disabled
 * proxies are never candidates. A candidate takes an account only while it has room and holds no other model (the
 * database refuses anything else anyway).
 */
public enum AssignmentPolicy {
    /** An empty proxy before a partly used one of the same model, then by priority and age. */
    UNUSED_FIRST(Comparator.comparing(Candidate::healthy).reversed()
            .thenComparing(Comparator.comparing(Candidate::empty).reversed())
            .thenComparing(Candidate.PRIORITY_THEN_AGE)),
    /** The first proxy by priority, then age, that is empty or already holds the model and has room. */
    FIRST_AVAILABLE(Comparator.comparing(Candidate::healthy).reversed().thenComparing(Candidate.PRIORITY_THEN_AGE));

    /** What became of one account of a batch: the proxy it takes, as it is once it took it, or null when none fits. */
    public record Decision(Account account, Candidate proxy) {

        public boolean placed() {
            return proxy != null;
        }
    }

    private final Comparator<Candidate> preference;

    AssignmentPolicy(Comparator<Candidate> preference) {
        this.preference = preference;
    }

    /** The best candidate for an account of the model, if one fits. */
    public Optional<Candidate> choose(String modelId, Collection<Candidate> candidates) {
        return candidates.stream().filter(candidate -> candidate.fits(modelId)).min(preference);
    }

    /**
     * Shares the candidates out among the accounts in their order, exactly as choosing for one account after the other
     * would: an empty proxy an account takes then holds its model, and a proxy leaves the pool once it is full. One
     * decision per account, in the accounts' order.
     */
    public List<Decision> shareOut(List<Account> accounts, Collection<Candidate> candidates) {
        PriorityQueue<Candidate> empty = new PriorityQueue<>(preference);
        Map<String, PriorityQueue<Candidate>> ofModel = new HashMap<>();
        for (Candidate candidate : candidates) {
            if (candidate.hasRoom()) {
                (candidate.empty() ? empty : ofModel(ofModel, candidate.modelId())).add(candidate);
            }
        }
        List<Decision> decisions = new ArrayList<>(accounts.size());
        for (Account account : accounts) {
            PriorityQueue<Candidate> used = ofModel(ofModel, account.modelId());
            PriorityQueue<Candidate> from = better(used, empty);
            Candidate proxy = from == null ? null : from.poll().plusOne(account.modelId());
            if (proxy != null && proxy.hasRoom()) {
                used.add(proxy);
            }
            decisions.add(new Decision(account, proxy));
        }
        return decisions;
    }

    private PriorityQueue<Candidate> ofModel(Map<String, PriorityQueue<Candidate>> ofModel, String modelId) {
        return ofModel.computeIfAbsent(modelId, model -> new PriorityQueue<>(preference));
    }

    /** The pool whose best candidate the policy prefers, or null when both are empty. */
    private PriorityQueue<Candidate> better(PriorityQueue<Candidate> used, PriorityQueue<Candidate> empty) {
        if (empty.isEmpty()) {
            return used.isEmpty() ? null : used;
        }
        if (used.isEmpty()) {
            return empty;
        }
        return preference.compare(used.peek(), empty.peek()) <= 0 ? used : empty;
    }
}
