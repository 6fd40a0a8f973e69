package dev.proxyfleet.assignment.engine;

import java.util.Comparator;

/**
 * Which eligible proxy an account gets. Both prefer healthy proxies over unknown or degraded ones; failed and
 * disabled proxies are never candidates.
 */
public enum AssignmentPolicy {
    /** An empty proxy before a partly used one of the same model, then by priority and age. */
    UNUSED_FIRST(Comparator.comparing(Candidate::healthy).reversed()
            .thenComparing(Comparator.comparing(Candidate::empty).reversed())
            .thenComparing(Candidate.PRIORITY_THEN_AGE)),
    /** The first proxy by priority, then age, that is empty or already holds the model and has room. */
    FIRST_AVAILABLE(Comparator.comparing(Candidate::healthy).reversed().thenComparing(Candidate.PRIORITY_THEN_AGE));

    private final Comparator<Candidate> preference;

    AssignmentPolicy(Comparator<Candidate> preference) {
        this.preference = preference;
    }

    /** Orders candidates best first. */
    public Comparator<Candidate> preference() {
        return preference;
    }
}
