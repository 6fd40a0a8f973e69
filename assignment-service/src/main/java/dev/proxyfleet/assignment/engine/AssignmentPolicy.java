package dev.proxyfleet.assignment.engine;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * Which proxy an account gets, decided over the candidates {@link Placement} locked: no I/O, so the decisions are
 * unit-tested on their own. Both policies prefer healthy proxies over unknown or degraded ones; failed and disabled
 * proxies are never candidates. A candidate takes an account only while it has room and holds no other model (the
 * database refuses anything else anyway).
 * <p>
 * An empty proxy is the only room a model without proxies of its own can use, and a proxy an account takes is lost
 * to every other model until it is empty again. So an account whose model still has room of its own takes an empty
 * proxy only while more empty proxies remain than are to be kept: the configured reserve, for models likely to come,
 * plus one for each other model of the same batch that is still waiting for room. Otherwise it joins a proxy of its
 * model. A model without room of its own always takes an empty proxy: keeping it back would strand the account.
 */
public enum AssignmentPolicy {
    /**
     * The least used proxy first, so an empty one before a partly used one of the model (while the reserve allows),
     * then by priority and age: accounts spread, fewer of them share an IP.
     */
    UNUSED_FIRST(Comparator.comparing(Candidate::healthy).reversed()
            .thenComparingInt(Candidate::accounts)
            .thenComparing(Candidate.PRIORITY_THEN_AGE)),
    /**
     * The first proxy by priority, then age, that is empty (while the reserve allows) or already holds the model and
     * has room: accounts pack, more models are served.
     */
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

    /**
     * The best candidate for an account of the model, if one fits.
     *
     * @param emptyToKeep how many empty candidates must remain for other models before an account whose model has
     *        room of its own may take one
     */
    public Optional<Candidate> choose(String modelId, Collection<Candidate> candidates, int emptyToKeep) {
        List<Candidate> own = new ArrayList<>();
        List<Candidate> empty = new ArrayList<>();
        candidates.stream().filter(candidate -> candidate.fits(modelId))
                .forEach(candidate -> (candidate.empty() ? empty : own).add(candidate));
        if (mayTakeEmpty(own.size(), empty.size(), emptyToKeep)) {
            own.addAll(empty);
        }
        return own.stream().min(preference);
    }

    /**
     * Shares the candidates out among the accounts in their order, exactly as choosing for one account after the other
     * would, each keeping {@code reserve} empty proxies plus one for every other model further on in the batch that
     * has no room of its own at that point: an empty proxy an account takes then holds its model, and a proxy leaves
     * the pool once it is full. One decision per account, in the accounts' order.
     */
    public List<Decision> shareOut(List<Account> accounts, Collection<Candidate> candidates, int reserve) {
        PriorityQueue<Candidate> empty = new PriorityQueue<>(preference);
        Map<String, PriorityQueue<Candidate>> ofModel = new HashMap<>();
        for (Candidate candidate : candidates) {
            if (candidate.hasRoom()) {
                (candidate.empty() ? empty : ofModel(ofModel, candidate.modelId())).add(candidate);
            }
        }
        Map<String, Integer> toCome = new HashMap<>();
        accounts.forEach(account -> toCome.merge(account.modelId(), 1, Integer::sum));
        Set<String> waiting = new HashSet<>();
        toCome.keySet().forEach(model -> waitingFor(waiting, model, toCome, ofModel(ofModel, model)));
        List<Decision> decisions = new ArrayList<>(accounts.size());
        for (Account account : accounts) {
            String model = account.modelId();
            PriorityQueue<Candidate> used = ofModel(ofModel, model);
            toCome.merge(model, -1, Integer::sum);
            int othersWaiting = waiting.size() - (waiting.contains(model) ? 1 : 0);
            PriorityQueue<Candidate> from = mayTakeEmpty(used.size(), empty.size(), reserve + othersWaiting)
                    ? better(used, empty) : used;
            Candidate proxy = from.isEmpty() ? null : from.poll().plusOne(model);
            if (proxy != null && proxy.hasRoom()) {
                used.add(proxy);
            }
            waitingFor(waiting, model, toCome, used);
            decisions.add(new Decision(account, proxy));
        }
        return decisions;
    }

    /** A model waits for an empty proxy while accounts of it are still to come and no proxy of it has room. */
    private static void waitingFor(Set<String> waiting, String model, Map<String, Integer> toCome,
            PriorityQueue<Candidate> used) {
        if (toCome.get(model) > 0 && used.isEmpty()) {
            waiting.add(model);
        } else {
            waiting.remove(model);
        }
    }

    private static boolean mayTakeEmpty(int ownWithRoom, int empty, int emptyToKeep) {
        return ownWithRoom == 0 || empty > emptyToKeep;
    }

    private PriorityQueue<Candidate> ofModel(Map<String, PriorityQueue<Candidate>> ofModel, String modelId) {
        return ofModel.computeIfAbsent(modelId, model -> new PriorityQueue<>(preference));
    }

    /** The pool whose best candidate the policy prefers (either when both are empty). */
    private PriorityQueue<Candidate> better(PriorityQueue<Candidate> used, PriorityQueue<Candidate> empty) {
        if (empty.isEmpty() || used.isEmpty()) {
            return empty.isEmpty() ? used : empty;
        }
        return preference.compare(used.peek(), empty.peek()) <= 0 ? used : empty;
    }
}
