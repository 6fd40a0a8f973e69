package dev.proxyfleet.health;

import dev.proxyfleet.localinfra.AccessRulesTest;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** Every route of this service's API, with no token, an unknown token and each role's token. */
@QuarkusTest
@WithTestResource(HealthTestResource.class)
class AccessTest extends AccessRulesTest {
}
