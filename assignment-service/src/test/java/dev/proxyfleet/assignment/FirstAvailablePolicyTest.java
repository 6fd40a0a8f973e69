package dev.proxyfleet.assignment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.proxyfleet.localinfra.FleetTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(FleetTestResource.class)
@TestProfile(FirstAvailablePolicyTest.FirstAvailable.class)
class FirstAvailablePolicyTest extends PolicyTest {

    /** The service configured with {@code assignment.policy=first-available}. */
    public static class FirstAvailable implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("assignment.policy", "first-available");
        }
    }

    @Test
    void secondAccountOfAModelJoinsTheFirstProxyThatHoldsItsModel() {
        long[] placed = placeSecondAccount();

        assertThat(placed[2]).isEqualTo(placed[0]);
    }
}
