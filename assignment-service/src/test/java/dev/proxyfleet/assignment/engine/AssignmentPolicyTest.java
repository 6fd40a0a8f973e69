package dev.proxyfleet.assignment.engine;

import static dev.proxyfleet.assignment.engine.AssignmentPolicy.FIRST_AVAILABLE;
import static dev.proxyfleet.assignment.engine.AssignmentPolicy.UNUSED_FIRST;
import static org.assertj.core.api.Assertions.assertThat;

import dev.proxyfleet.assignment.engine.AssignmentPolicy.Decision;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The policies' decisions over candidates, without a database. */
class AssignmentPolicyTest {

    private static final Instant EPOCH = Instant.parse("2026-01-01T00:00:00Z");
    /** An exit IP shared with no limit, or not known: what the policies never look at. */
    private static final int NO_LIMIT = Integer.MAX_VALUE;

    /** A healthy proxy of priority 0, seen {@code id} seconds after the epoch (so lower ids are older). */
    private static Candidate proxy(long id, int accounts, int maxAccounts, String model) {
        return new Candidate(id, true, accounts, maxAccounts, 0, EPOCH.plusSeconds(id), model, null, NO_LIMIT);
    }

    private static Candidate empty(long id, int maxAccounts) {
        return proxy(id, 0, maxAccounts, null);
    }

    private static Account account(String id, String model) {
        return Account.fresh(id, model, null);
    }

    private static Long chosen(AssignmentPolicy policy, String model, Candidate... candidates) {
        return chosenKeeping(policy, model, 0, candidates);
    }

    private static Long chosenKeeping(AssignmentPolicy policy, String model, int emptyToKeep, Candidate... candidates) {
        return policy.choose(model, List.of(candidates), emptyToKeep).map(Candidate::id).orElse(null);
    }

    private static List<Account> accounts(String model, int count) {
        return IntStream.rangeClosed(1, count).mapToObj(i -> account(model + i, model)).toList();
    }

    private static List<Candidate> emptyProxies(int count, int maxAccounts) {
        return LongStream.rangeClosed(1, count).mapToObj(id -> empty(id, maxAccounts)).toList();
    }

    /** A×7, B×4, C×3, D×2 in this order: the arrival measured on the README's run. */
    private static List<Account> sixteenOfFourModels() {
        return Stream.of(accounts("A", 7), accounts("B", 4), accounts("C", 3), accounts("D", 2)).flatMap(List::stream).toList();
    }

    private static long placed(List<Decision> decisions) {
        return decisions.stream().filter(Decision::placed).count();
    }

    /** The proxy each decision gave its account, null where none. */
    private static List<Long> proxies(List<Decision> decisions) {
        return decisions.stream().map(decision -> decision.placed() ? decision.proxy().id() : null).toList();
    }

    @ParameterizedTest
    @EnumSource(AssignmentPolicy.class)
    void aFullProxyIsNeverChosenSoTheAccountWaits(AssignmentPolicy policy) {
        assertThat(chosen(policy, "m", proxy(1, 3, 3, "m"))).isNull();
        assertThat(chosen(policy, "m")).as("no candidate at all").isNull();
        assertThat(chosen(policy, "m", proxy(1, 3, 3, "m"), proxy(2, 2, 3, "m"))).isEqualTo(2);
    }

    @ParameterizedTest
    @EnumSource(AssignmentPolicy.class)
    void aProxyHoldingAnotherModelIsNeverChosen(AssignmentPolicy policy) {
        assertThat(chosen(policy, "b", proxy(1, 1, 3, "a"))).isNull();
        assertThat(chosen(policy, "b", proxy(1, 1, 3, "a"), empty(2, 3))).isEqualTo(2);
    }

    @Test
    void unusedFirstPrefersAnEmptyProxyOverOneOfTheModel() {
        assertThat(chosen(UNUSED_FIRST, "m", proxy(1, 1, 3, "m"), empty(2, 3))).isEqualTo(2);
    }

    @Test
    void firstAvailableTakesTheOlderProxyWhetherEmptyOrNot() {
        assertThat(chosen(FIRST_AVAILABLE, "m", proxy(1, 1, 3, "m"), empty(2, 3))).isEqualTo(1);
        assertThat(chosen(FIRST_AVAILABLE, "m", empty(1, 3), proxy(2, 1, 3, "m"))).isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(AssignmentPolicy.class)
    void healthyBeforeUnknownThenPriorityThenAgeThenId(AssignmentPolicy policy) {
        Candidate unknownHealth = new Candidate(1, false, 0, 3, 0, EPOCH, null, null, NO_LIMIT);
        Candidate lowPriority = new Candidate(2, true, 0, 3, 5, EPOCH, null, null, NO_LIMIT);
        Candidate younger = new Candidate(3, true, 0, 3, 1, EPOCH.plusSeconds(60), null, null, NO_LIMIT);
        Candidate older = new Candidate(5, true, 0, 3, 1, EPOCH, null, null, NO_LIMIT);
        Candidate olderLowerId = new Candidate(4, true, 0, 3, 1, EPOCH, null, null, NO_LIMIT);

        assertThat(chosen(policy, "m", unknownHealth, lowPriority)).isEqualTo(2);
        assertThat(chosen(policy, "m", lowPriority, younger)).isEqualTo(3);
        assertThat(chosen(policy, "m", younger, older)).isEqualTo(5);
        assertThat(chosen(policy, "m", older, olderLowerId, younger, lowPriority, unknownHealth)).isEqualTo(4);
    }

    @ParameterizedTest
    @EnumSource(AssignmentPolicy.class)
    void aBatchFillsAProxyUpToItsMaxAccountsAndTheRestWait(AssignmentPolicy policy) {
        List<Decision> decisions = policy.shareOut(
                List.of(account("a1", "m"), account("a2", "m"), account("a3", "m")), List.of(empty(1, 2)), 0);

        assertThat(proxies(decisions)).containsExactly(1L, 1L, null);
        assertThat(decisions.get(0).proxy().accounts()).as("the count after the first took it").isEqualTo(1);
        assertThat(decisions.get(1).proxy().accounts()).isEqualTo(2);
        assertThat(decisions.get(1).proxy().modelId()).isEqualTo("m");
    }

    @ParameterizedTest
    @EnumSource(AssignmentPolicy.class)
    void anEmptyProxyTakenInABatchBelongsToThatModel(AssignmentPolicy policy) {
        List<Decision> decisions = policy.shareOut(List.of(account("a1", "m"), account("b1", "n"), account("a2", "m")),
                List.of(empty(1, 3)), 0);

        assertThat(proxies(decisions)).containsExactly(1L, null, 1L);
        assertThat(decisions).extracting(Decision::account).extracting(Account::accountId).containsExactly("a1", "b1", "a2");
    }

    /**
     * Without a reserve, the last empty proxy is still kept from b3 while m3, further on in the batch, has no room:
     * b3 joins its model's proxy. b5 finds its model's proxy full and so takes the empty one, which leaves m3 waiting.
     */
    @Test
    void aBatchOfSeveralModelsIsSharedOutInTheAccountsOrder() {
        List<Account> batch = List.of(account("b1", "m1"), account("b2", "m2"), account("b3", "m1"), account("b4", "m2"),
                account("b5", "m1"), account("b6", "m3"));

        List<Decision> decisions = UNUSED_FIRST.shareOut(batch, List.of(empty(1, 2), empty(2, 2), empty(3, 2)), 0);

        assertThat(proxies(decisions)).containsExactly(1L, 2L, 1L, 2L, 3L, null);
    }

    @Test
    void unusedFirstKeepsTheReserveOfEmptyProxiesForOtherModels() {
        Candidate own = proxy(1, 1, 3, "m");

        assertThat(chosenKeeping(UNUSED_FIRST, "m", 1, own, empty(2, 3), empty(3, 3))).as("one more than the reserve").isEqualTo(2);
        assertThat(chosenKeeping(UNUSED_FIRST, "m", 2, own, empty(2, 3), empty(3, 3))).as("the reserve itself").isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(AssignmentPolicy.class)
    void aModelWithoutRoomOfItsOwnTakesAnEmptyProxyWhateverTheReserve(AssignmentPolicy policy) {
        assertThat(chosenKeeping(policy, "m", 5, proxy(1, 3, 3, "m"), proxy(2, 1, 3, "other"), empty(3, 3))).isEqualTo(3);
    }

    @Test
    void unusedFirstJoinsTheLeastUsedProxyOfItsModel() {
        Candidate older = proxy(1, 2, 3, "m");
        Candidate lessUsed = proxy(2, 1, 3, "m");

        assertThat(chosenKeeping(UNUSED_FIRST, "m", 2, older, lessUsed, empty(3, 3))).isEqualTo(2);
        assertThat(chosenKeeping(FIRST_AVAILABLE, "m", 2, older, lessUsed, empty(3, 3))).as("packs instead").isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 2})
    void withPlentyOfRoomUnusedFirstSpreadsOneAccountPerProxy(int reserve) {
        List<Decision> decisions = UNUSED_FIRST.shareOut(accounts("m", 5), emptyProxies(10, 3), reserve);

        assertThat(proxies(decisions)).containsExactly(1L, 2L, 3L, 4L, 5L);
    }

    /**
     * The arrival measured on the README's run, 4 proxies of 3: spreading A over every empty proxy placed 7 of 16. A
     * spreads only while the reserve allows and then fills its own proxies, so B gets the fourth: at least 10, whether
     * the accounts come in one batch (which also sees B, C and D waiting) or one by one.
     */
    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3})
    void sixteenAccountsOfFourModelsOnFourProxiesPlaceAtLeastTen(int reserve) {
        List<Decision> inOneBatch = UNUSED_FIRST.shareOut(sixteenOfFourModels(), emptyProxies(4, 3), reserve);
        List<Long> oneByOne = oneByOne(UNUSED_FIRST, sixteenOfFourModels().stream().map(List::of).toList(),
                emptyProxies(4, 3), reserve);

        assertThat(placed(inOneBatch)).isGreaterThanOrEqualTo(10);
        assertThat(oneByOne.stream().filter(Objects::nonNull).count()).isEqualTo(10);
        assertThat(oneByOne.subList(0, 7)).as("A on three proxies").doesNotContainNull().doesNotContain(4L);
        assertThat(oneByOne.subList(7, 11)).as("B on the fourth").containsExactly(4L, 4L, 4L, null);
    }

    @ParameterizedTest
    @EnumSource(AssignmentPolicy.class)
    void aCandidateWithoutRoomInABatchIsLeftOut(AssignmentPolicy policy) {
        List<Decision> decisions = policy.shareOut(List.of(account("a1", "m")), List.of(proxy(1, 2, 2, "m")), 0);

        assertThat(decisions).singleElement().satisfies(decision -> assertThat(decision.placed()).isFalse());
    }

    /**
     * Sharing out a batch decides as choosing for one account after the other would, whatever the fleet and reserve,
     * when each choice keeps the reserve and one empty proxy for every other model still to come without room.
     */
    @ParameterizedTest
    @EnumSource(AssignmentPolicy.class)
    void sharingOutABatchDecidesAsOneByOneChoiceWould(AssignmentPolicy policy) {
        Random random = new Random(42);
        for (int round = 0; round < 200; round++) {
            List<Candidate> fleet = new ArrayList<>();
            int proxies = 1 + random.nextInt(8);
            for (long id = 1; id <= proxies; id++) {
                int max = 1 + random.nextInt(3);
                int used = random.nextInt(max + 1);
                fleet.add(new Candidate(id, random.nextBoolean(), used, max, random.nextInt(2),
                        EPOCH.plusSeconds(random.nextInt(3)), used == 0 ? null : "m" + random.nextInt(3), null, NO_LIMIT));
            }
            List<Account> batch = IntStream.range(0, random.nextInt(12))
                    .mapToObj(i -> account("a" + i, "m" + random.nextInt(3))).toList();
            int reserve = random.nextInt(3);

            assertThat(proxies(policy.shareOut(batch, fleet, reserve))).as("round %d", round)
                    .isEqualTo(oneByOne(policy, List.of(batch), fleet, reserve));
        }
    }

    /** Each batch's accounts chosen for one after the other, the fleet changing as they take proxies. */
    private static List<Long> oneByOne(AssignmentPolicy policy, List<List<Account>> batches, List<Candidate> fleet, int reserve) {
        List<Candidate> now = new ArrayList<>(fleet);
        List<Long> chosen = new ArrayList<>();
        for (List<Account> batch : batches) {
            for (int i = 0; i < batch.size(); i++) {
                String model = batch.get(i).modelId();
                int keep = reserve + othersWaiting(model, batch.subList(i + 1, batch.size()), now);
                Optional<Candidate> proxy = policy.choose(model, now, keep);
                proxy.ifPresent(taken -> now.set(now.indexOf(taken), taken.plusOne(model)));
                chosen.add(proxy.map(Candidate::id).orElse(null));
            }
        }
        return chosen;
    }

    /** Models other than this one with accounts still to come and no proxy of their own with room. */
    private static int othersWaiting(String model, List<Account> toCome, List<Candidate> fleet) {
        return (int) toCome.stream().map(Account::modelId).distinct().filter(other -> !other.equals(model))
                .filter(other -> fleet.stream().noneMatch(proxy -> !proxy.empty() && proxy.fits(other))).count();
    }
}
