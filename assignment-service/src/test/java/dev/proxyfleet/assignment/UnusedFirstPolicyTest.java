package dev.proxyfleet.assignment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.proxyfleet.localinfra.FleetTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(FleetTestResource.class)
class UnusedFirstPolicyTest extends PolicyTest {

    @Test
    void secondAccountOfAModelTakesAnEmptyProxyBeforeSharing() {
        long[] placed = placeSecondAccount();

        assertThat(placed[2]).isEqualTo(placed[1]);
    }
}
