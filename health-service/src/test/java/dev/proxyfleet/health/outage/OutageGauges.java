package dev.proxyfleet.health.outage;

import static io.restassured.RestAssured.given;

import java.time.Duration;
import java.time.Instant;
import org.awaitility.Awaitility;

/**
 * The outage gauges on {@code /q/metrics}, which take a value once the schedule has read the outages (every second):
 * waiting for one tells a test when every probe is timed by what was read.
 */
final class OutageGauges {

    private OutageGauges() {
    }

    /** Waits until {@code fleet_health_provider_outage} of the provider has this value; answers when it was seen. */
    static Instant awaitProvider(long provider, int inOutage) {
        return await("fleet_health_provider_outage{provider=\"" + provider + "\"} " + inOutage + ".0");
    }

    /** Waits until {@code fleet_health_egress_down} has this value; answers when it was seen. */
    static Instant awaitEgress(int down) {
        return await("fleet_health_egress_down " + down + ".0");
    }

    private static Instant await(String line) {
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(
                () -> given().get("/q/metrics").then().statusCode(200).extract().asString().contains(line));
        return Instant.now();
    }
}
