package dev.proxyfleet.inventory;

import dev.proxyfleet.localinfra.AccessRulesTest;
import dev.proxyfleet.localinfra.FleetTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.Map;
import java.util.Set;

/** Every route of this service's API, with no token, an unknown token and each role's token. */
@QuarkusTest
@WithTestResource(FleetTestResource.class)
class AccessTest extends AccessRulesTest {

    /** Runtime settings change the whole fleet: admins only. */
    @Override
    protected Map<String, Set<String>> routeRoles() {
        return Map.of("PATCH /api/settings", Set.of("admin"));
    }
}
