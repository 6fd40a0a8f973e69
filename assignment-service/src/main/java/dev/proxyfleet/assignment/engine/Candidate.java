package dev.proxyfleet.assignment.engine;

import java.time.Instant;
import java.util.Comparator;

/**
 * A proxy that could take an account, with what the policies rank it by, the room it has and the model it holds
 * (null while neither it nor another proxy of its exit IP holds one).
 *
 * @param exitIp the address the proxy leaves through, when health-service read one
 * @param exitIpRoom how many more accounts its exit IP takes, all of its proxies together ({@link Integer#MAX_VALUE}:
 *     no limit beyond the proxies' own)
 */
public record Candidate(long id, boolean healthy, int accounts, int maxAccounts, int priority, Instant firstSeenAt,
        String modelId, String exitIp, int exitIpRoom) {

    static final Comparator<Candidate> PRIORITY_THEN_AGE = Comparator.comparingInt(Candidate::priority)
            .thenComparing(Candidate::firstSeenAt).thenComparingLong(Candidate::id);

    /** Whether an account of any model may take it: neither it nor its exit IP holds a model. */
    public boolean empty() {
        return modelId == null;
    }

    boolean hasRoom() {
        return accounts < maxAccounts;
    }

    /** Whether an account of the model may join: room, and no account of another model (rules 1 and 2). */
    boolean fits(String model) {
        return hasRoom() && (empty() || model.equals(modelId));
    }

    /** The same proxy after it took one more account of the model. */
    Candidate plusOne(String model) {
        return new Candidate(id, healthy, accounts + 1, maxAccounts, priority, firstSeenAt, model, exitIp, exitIpRoom);
    }
}
