package dev.proxyfleet.assignment.engine;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Comparator;

/** A proxy that could take an account, with what the policies rank it by and the room it has. */
public record Candidate(long id, boolean healthy, int accounts, int maxAccounts, int priority, Instant firstSeenAt) {

    /** The best candidate of each kind, by the order both policies share; the policy then picks between kinds. */
    static final String ORDER = "(health = 'healthy') DESC, priority, first_seen_at, id";
    static final String COLUMNS = "id, health = 'healthy', account_count, max_accounts, priority, first_seen_at";
    static final Comparator<Candidate> PRIORITY_THEN_AGE = Comparator.comparingInt(Candidate::priority)
            .thenComparing(Candidate::firstSeenAt).thenComparingLong(Candidate::id);

    static Candidate read(ResultSet rs) throws SQLException {
        return new Candidate(rs.getLong(1), rs.getBoolean(2), rs.getInt(3), rs.getInt(4), rs.getInt(5),
                rs.getTimestamp(6).toInstant());
    }

    public boolean empty() {
        return accounts == 0;
    }

    boolean hasRoom() {
        return accounts < maxAccounts;
    }

    /** The same proxy after it took one more account. */
    Candidate plusOne() {
        return new Candidate(id, healthy, accounts + 1, maxAccounts, priority, firstSeenAt);
    }
}
