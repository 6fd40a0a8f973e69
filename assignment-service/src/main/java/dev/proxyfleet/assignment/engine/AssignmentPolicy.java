package dev.proxyfleet.assignment.engine;

/**
 * Which eligible proxy an account gets. Both prefer healthy proxies over unknown or degraded ones; failed and
 * disabled proxies are never candidates.
 */
public enum AssignmentPolicy {
    /** An empty proxy before a partly used one of the same model, then by priority and age. */
    UNUSED_FIRST("(health = 'healthy') DESC, (account_count = 0) DESC, priority, first_seen_at, id"),
    /** The first proxy by priority, then age, that is empty or already holds the model and has room. */
    FIRST_AVAILABLE("(health = 'healthy') DESC, priority, first_seen_at, id");

    private final String orderBy;

    AssignmentPolicy(String orderBy) {
        this.orderBy = orderBy;
    }

    /** SQL ORDER BY terms over the proxy table. */
    public String orderBy() {
        return orderBy;
    }
}
