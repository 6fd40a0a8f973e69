package dev.proxyfleet.assignment.engine;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Comparator;

/** A proxy that could take an account, with what the policies rank it by. */
public record Candidate(long id, boolean healthy, boolean empty, int priority, Instant firstSeenAt) {

    /** The best candidate of each kind, by the order both policies share; the policy then picks between kinds. */
    static final String ORDER = "(health = 'healthy') DESC, priority, first_seen_at, id";
    static final String COLUMNS = "id, health = 'healthy', account_count = 0, priority, first_seen_at";
    static final Comparator<Candidate> PRIORITY_THEN_AGE = Comparator.comparingInt(Candidate::priority)
            .thenComparing(Candidate::firstSeenAt).thenComparingLong(Candidate::id);

    static Candidate read(ResultSet rs) throws SQLException {
        return new Candidate(rs.getLong(1), rs.getBoolean(2), rs.getBoolean(3), rs.getInt(4), rs.getTimestamp(5).toInstant());
    }
}
