package dev.proxyfleet.status;

import static dev.proxyfleet.status.Events.awaitStatus;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.proxyfleet.contracts.HealthState;
import dev.proxyfleet.localinfra.FleetTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** Provider figures, model figures and the mapping export. */
@QuarkusTest
@WithTestResource(FleetTestResource.class)
class ReportTest {

    @Test
    void providerStatsShowUtilisationAndCostPerAssignedAccount() {
        String location = Events.newLocation();
        String name = "Acme-" + location;
        long provider = Events.provider(name, "2.50");
        long first = Events.proxy(location, provider);
        Events.proxy(location, provider);
        Events.health(first, HealthState.HEALTHY, 10, 90, 0);
        Events.assign("acc-a-" + first, "m-cost", first);
        Events.assign("acc-b-" + first, "m-cost", first);
        awaitStatus(location, s -> s.getInt("counts.healthy") == 1 && s.getInt("proxies.find { it.id == " + first + " }.accounts") == 2
                && name.equals(s.getString("proxies[0].provider")));

        JsonPath stats = given().get("/api/providers/stats").then().statusCode(200).extract().jsonPath();
        String mine = "find { it.id == " + provider + " }.";
        assertThat(stats.getInt(mine + "proxies")).isEqualTo(2);
        assertThat(stats.getInt(mine + "healthy")).isEqualTo(1);
        assertThat(stats.getInt(mine + "capacity")).isEqualTo(6);
        assertThat(stats.getInt(mine + "accounts")).isEqualTo(2);
        assertThat(stats.getDouble(mine + "utilisation")).isCloseTo(2.0 / 6, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(stats.getString(mine + "monthlyCost")).isEqualTo("5.00");
        assertThat(stats.getString(mine + "costPerAssignedAccount")).isEqualTo("2.5000");
    }

    @Test
    void modelsCountProxiesAccountsAndPending() {
        String location = Events.newLocation();
        String model = "m-" + location;
        long proxy = Events.proxy(location, null);
        Events.assign("acc-1-" + proxy, model, proxy);
        Events.pending("acc-2-" + proxy, model);

        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            Map<String, Object> mine = given().get("/api/models").then().statusCode(200).extract().jsonPath()
                    .getMap("find { it.modelId == '" + model + "' }");
            assertThat(mine).as("the model's row, which may not be there yet")
                    .containsEntry("proxies", 1).containsEntry("accounts", 1).containsEntry("pending", 1);
        });
    }

    @Test
    void mappingCsvHasOneRowPerAssignmentWithVpsProxyAccountModelAndTheAccountsVps() {
        String location = Events.newLocation();
        long proxy = Events.proxy(location, null);
        String account = "acc,\"quoted\"-" + proxy;
        Events.assign(account, "m-csv", proxy);
        Events.assign("acc-vps-" + proxy, "m-csv", 5L, proxy);
        awaitStatus(location, s -> s.getInt("proxies[0].accounts") == 2);

        String csv = given().get("/api/exports/mapping.csv").then().statusCode(200)
                .contentType("text/csv").extract().asString();

        assertThat(csv).startsWith("vps_id,proxy_id,proxy,account_id,model_id,account_vps_id\n");
        String proxyCells = "7," + proxy + ",127.9." + (proxy % 250) + ".1:3128,";
        assertThat(csv.lines().filter(line -> line.startsWith(proxyCells)))
                .containsExactlyInAnyOrder(proxyCells + "\"acc,\"\"quoted\"\"-" + proxy + "\",m-csv,",
                        proxyCells + "acc-vps-" + proxy + ",m-csv,5");
    }
}
