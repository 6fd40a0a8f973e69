package dev.proxyfleet.assignment.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.proxyfleet.assignment.engine.AssignmentPolicy.Decision;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The policy shares out proxies, not addresses: {@link Placement#withinExitIps} undoes the decisions that would put a
 * second model, or more accounts than its limit, on one exit IP, in the batch's order.
 */
class WithinExitIpsTest {

    private static final Instant EPOCH = Instant.parse("2026-01-01T00:00:00Z");

    /** The decision that {@code account} of {@code model} takes proxy {@code id}, which leaves through {@code exitIp}. */
    private static Decision placed(String account, String model, long id, String exitIp, int exitIpRoom) {
        return new Decision(Account.fresh(account, model, null),
                new Candidate(id, true, 1, 3, 0, EPOCH, model, exitIp, exitIpRoom));
    }

    @Test
    void aSecondModelOnAnotherProxyOfTheSameAddressIsUndoneAndOthersAreKept() {
        List<Decision> decisions = Placement.withinExitIps(List.of(
                placed("a1", "m-a", 1, "127.0.0.2", Integer.MAX_VALUE),
                placed("b1", "m-b", 2, "127.0.0.2", Integer.MAX_VALUE),
                placed("b2", "m-b", 3, "127.0.0.3", Integer.MAX_VALUE),
                placed("c1", "m-c", 4, null, Integer.MAX_VALUE),
                placed("a2", "m-a", 2, "127.0.0.2", Integer.MAX_VALUE)));

        assertThat(decisions).extracting(decision -> decision.account().accountId(), Decision::placed)
                .containsExactly(tuple("a1", true), tuple("b1", false), tuple("b2", true), tuple("c1", true),
                        tuple("a2", true));
    }

    @Test
    void accountsBeyondTheRoomOfAnAddressAreUndone() {
        List<Decision> decisions = Placement.withinExitIps(List.of(
                placed("a1", "m-a", 1, "127.0.0.2", 2),
                placed("a2", "m-a", 2, "127.0.0.2", 2),
                placed("a3", "m-a", 1, "127.0.0.2", 2)));

        assertThat(decisions).extracting(Decision::placed).containsExactly(true, true, false);
        assertThat(decisions.get(2).account().accountId()).isEqualTo("a3");
    }
}
