package dev.proxyfleet.assignment.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.proxyfleet.assignment.engine.ConsolidationPlan.Address;
import dev.proxyfleet.assignment.engine.ConsolidationPlan.Freed;
import dev.proxyfleet.assignment.engine.ConsolidationPlan.Move;
import dev.proxyfleet.assignment.engine.ConsolidationPlan.Proxy;
import dev.proxyfleet.assignment.engine.ConsolidationPlan.Waiting;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The consolidation's choice of proxies to empty and of where their accounts go, without a database. */
class ConsolidationPlanTest {

    private static Proxy proxy(long id, String model, int accounts) {
        return new Proxy(id, model, accounts, 3, null);
    }

    /** A proxy of three places leaving through {@code exitIp}. */
    private static Proxy proxy(long id, String model, int accounts, String exitIp) {
        return new Proxy(id, model, accounts, 3, exitIp);
    }

    private static ConsolidationPlan plan(List<Proxy> used, List<Waiting> waiting) {
        return ConsolidationPlan.of(used, List.of(), waiting);
    }

    private static List<Long> freedIds(ConsolidationPlan plan) {
        return plan.freed().stream().map(freed -> freed.proxy().id()).toList();
    }

    @Test
    void nothingIsProposedWhileNoModelWaits() {
        ConsolidationPlan plan = plan(List.of(proxy(1, "A", 1), proxy(2, "A", 1)), List.of());

        assertThat(plan.freed()).isEmpty();
        assertThat(plan.moves()).isZero();
    }

    @Test
    void aProxyIsFreedOnlyWhenItsModelsOtherProxiesHaveRoomForAllOfItsAccounts() {
        List<Waiting> waiting = List.of(new Waiting("B", 2));

        assertThat(freedIds(plan(List.of(proxy(1, "A", 1), proxy(2, "A", 2)), waiting)))
                .as("proxy 2 has room for proxy 1's account").containsExactly(1L);
        assertThat(plan(List.of(proxy(1, "A", 2), proxy(2, "A", 2)), waiting).freed())
                .as("each has room for one of the other's two").isEmpty();
    }

    @Test
    void theProxiesNeedingFewestMovesAreFreedFirstAndOnlyAsManyAsTheWaitingNeed() {
        List<Proxy> used = List.of(proxy(1, "A", 2), proxy(2, "A", 1), proxy(3, "C", 1), proxy(4, "C", 1), proxy(5, "C", 1));

        ConsolidationPlan forThree = plan(used, List.of(new Waiting("B", 3)));
        ConsolidationPlan forFour = plan(used, List.of(new Waiting("B", 4)));

        assertThat(freedIds(forThree)).containsExactly(2L);
        assertThat(forThree.moves()).isOne();
        assertThat(freedIds(forFour)).containsExactly(2L, 3L);
    }

    @Test
    void freedProxiesGoToTheModelsInQueueOrder() {
        List<Proxy> used = List.of(proxy(1, "A", 1), proxy(2, "A", 1), proxy(3, "A", 1), proxy(4, "A", 1));

        ConsolidationPlan plan = plan(used, List.of(new Waiting("C", 4), new Waiting("B", 1)));

        assertThat(plan.freed()).extracting(Freed::forModelId).containsExactly("C", "C");
        assertThat(plan.freed()).as("four free slots remain: two proxies of three cannot be emptied").hasSize(2);
    }

    @Test
    void aWaitingModelGivesNoProxyAway() {
        ConsolidationPlan plan = plan(List.of(proxy(1, "B", 1), proxy(2, "B", 1)),
                List.of(new Waiting("B", 1), new Waiting("C", 1)));

        assertThat(plan.freed()).isEmpty();
    }

    @Test
    void accountsJoinTheFullestOtherProxiesOfTheirModel() {
        List<Proxy> used = List.of(proxy(1, "A", 1), proxy(2, "A", 1), proxy(3, "A", 2));

        Freed freed = plan(used, List.of(new Waiting("B", 1))).freed().get(0);
        List<Move> moves = freed.moves(List.of("a1"));

        assertThat(freed.proxy().id()).isEqualTo(1);
        assertThat(moves).containsExactly(new Move("a1", 1, 3, 3));
    }

    @Test
    void movesToOneProxyFromTwoFreedOnesCountItsAccountsOnwards() {
        List<Proxy> used = List.of(proxy(1, "A", 1), proxy(2, "A", 1), proxy(3, "A", 1));

        ConsolidationPlan plan = plan(used, List.of(new Waiting("B", 6)));

        assertThat(freedIds(plan)).containsExactly(1L, 2L);
        assertThat(plan.freed().get(0).moves(List.of("a1"))).containsExactly(new Move("a1", 1, 3, 2));
        assertThat(plan.freed().get(1).moves(List.of("a2"))).containsExactly(new Move("a2", 2, 3, 3));
        assertThat(plan.proxies()).extracting(Proxy::id).containsExactlyInAnyOrder(1L, 2L, 3L);
    }

    @Test
    void accountsOtherThanPlannedAreRefused() {
        Freed freed = plan(List.of(proxy(1, "A", 1), proxy(2, "A", 1)), List.of(new Waiting("B", 1)))
                .freed().get(0);

        assertThatThrownBy(() -> freed.moves(List.of("a1", "a2"))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aProxyOfAnAddressIsFreedOnlyWithTheModelsOtherProxiesThere() {
        List<Proxy> used = List.of(proxy(1, "A", 1, "E"), proxy(2, "A", 2, "E"), proxy(3, "A", 2));

        ConsolidationPlan plan = ConsolidationPlan.of(used, List.of(new Address("E", 3, null)), List.of(new Waiting("B", 1)));

        assertThat(freedIds(plan)).as("proxy 1 emptied alone would still be A's through E").containsExactly(3L);
        assertThat(plan.freed().get(0).moves(List.of("a1", "a2")))
                .containsExactly(new Move("a1", 3, 2, 3), new Move("a2", 3, 1, 2));
    }

    @Test
    void anAddressIsFreedWholeWhenTheModelsOtherProxiesTakeAllOfItsAccounts() {
        List<Proxy> used = List.of(proxy(1, "A", 1, "E"), proxy(2, "A", 1, "E"), proxy(3, "A", 2), proxy(4, "A", 2));

        ConsolidationPlan plan = ConsolidationPlan.of(used, List.of(new Address("E", 2, 3)), List.of(new Waiting("B", 3)));

        assertThat(freedIds(plan)).containsExactly(1L, 2L);
        assertThat(plan.freed()).extracting(Freed::forModelId).containsExactly("B", "B");
        assertThat(plan.freed().get(0).moves(List.of("a1"))).containsExactly(new Move("a1", 1, 3, 3));
        assertThat(plan.freed().get(1).moves(List.of("a2"))).containsExactly(new Move("a2", 2, 4, 3));
        assertThat(plan.addresses()).containsExactly(new Address("E", 2, 3));
    }

    @Test
    void anAddressWithAccountsOnAProxyOutsideThePlanIsNotFreed() {
        List<Proxy> used = List.of(proxy(1, "A", 1, "E"), proxy(2, "A", 1));

        ConsolidationPlan plan = ConsolidationPlan.of(used, List.of(new Address("E", 2, null)), List.of(new Waiting("B", 1)));

        assertThat(freedIds(plan)).as("a disabled proxy of E holds A's other account").containsExactly(2L);
    }

    @Test
    void movesOntoProxiesOfOneAddressCountAgainstItsLimitTogether() {
        List<Proxy> used = List.of(proxy(1, "A", 2), proxy(2, "A", 2, "E"), proxy(3, "A", 2, "E"), proxy(4, "A", 2));

        ConsolidationPlan plan = ConsolidationPlan.of(used, List.of(new Address("E", 4, 5)), List.of(new Waiting("B", 1)));

        assertThat(freedIds(plan)).containsExactly(1L);
        assertThat(plan.freed().get(0).moves(List.of("a1", "a2"))).as("E takes one more, not one per proxy")
                .containsExactly(new Move("a1", 1, 2, 3), new Move("a2", 1, 4, 3));
    }

    @Test
    void anAddressAtItsLimitTakesNoAccount() {
        List<Proxy> used = List.of(proxy(1, "A", 1), proxy(2, "A", 2, "E"), proxy(3, "A", 1, "E"), proxy(4, "A", 2));

        ConsolidationPlan plan = ConsolidationPlan.of(used, List.of(new Address("E", 3, 3)), List.of(new Waiting("B", 2)));

        assertThat(freedIds(plan)).containsExactly(1L);
        assertThat(plan.freed().get(0).moves(List.of("a1"))).containsExactly(new Move("a1", 1, 4, 3));
        assertThat(plan.addresses()).as("E takes no move").isEmpty();
    }
}
