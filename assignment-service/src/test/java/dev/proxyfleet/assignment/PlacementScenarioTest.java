package dev.proxyfleet.assignment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.proxyfleet.localinfra.FleetTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The default policy over the real broker, with accounts arriving one after the other as account services send them:
 * it spreads while the fleet has room to spare, and stops spreading before it locks other models out.
 */
@QuarkusTest
@WithTestResource(FleetTestResource.class)
class PlacementScenarioTest {

    private static List<Long> createProxies(int count, int maxAccounts) {
        return IntStream.range(0, count).mapToObj(i -> Fleet.createProxy(maxAccounts)).toList();
    }

    /**
     * As measured on the README's run: 4 proxies of 3, then 16 accounts of 4 models arriving A×7, B×4, C×3, D×2.
     * Spreading A over every empty proxy placed 7 and locked the other models out; A may spread only while empty
     * proxies remain for other models, so B gets the fourth proxy.
     */
    @Test
    void sixteenAccountsOfFourModelsOnFourProxiesOfThreePlaceAtLeastTen() {
        Fleet.emptyFleet();
        List<Long> proxies = createProxies(4, 3);
        String run = "scenario-" + Fleet.nextId() + "-";
        Fleet.arriveSixteenOfFourModels(run);

        String ours = "SELECT count(*) FROM account WHERE account_id LIKE '" + run + "%' AND ";
        long assigned = Fleet.sql(ours + "proxy_id IS NOT NULL");
        assertThat(assigned).isGreaterThanOrEqualTo(10);
        assertThat(Fleet.sql(ours + "pending_since IS NOT NULL")).as("the others wait").isEqualTo(16 - assigned);
        assertThat(Fleet.sql("SELECT count(DISTINCT proxy_id) FROM account WHERE model_id = '" + run + "A'")).as("A's proxies").isEqualTo(3);
        assertThat(Fleet.sql("SELECT count(*) FROM account WHERE model_id = '" + run + "B' AND proxy_id = " + proxies.get(3)))
                .as("B on the fourth").isEqualTo(3);
        assertThat(Fleet.violations()).isZero();
    }

    @Test
    void withPlentyOfRoomEachAccountOfAModelGetsAProxyOfItsOwn() {
        Fleet.emptyFleet();
        List<Long> proxies = createProxies(10, 3);
        String model = "spread-" + Fleet.nextId();

        for (int i = 1; i <= 5; i++) {
            Fleet.arrive(model + "-" + i, model);
        }

        assertThat(Fleet.rows("SELECT proxy_id FROM account WHERE model_id = '" + model + "' ORDER BY proxy_id"))
                .extracting(row -> row[0]).containsExactlyElementsOf(proxies.subList(0, 5));
    }
}
