package dev.proxyfleet.assignment;

import dev.proxyfleet.localinfra.AccessRulesTest;
import dev.proxyfleet.localinfra.FleetTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** Every route of this service's API, with no token, an unknown token and each role's token. */
@QuarkusTest
@WithTestResource(FleetTestResource.class)
class AccessTest extends AccessRulesTest {
}
