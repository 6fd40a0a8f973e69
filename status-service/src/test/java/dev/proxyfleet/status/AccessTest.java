package dev.proxyfleet.status;

import dev.proxyfleet.localinfra.AccessRulesTest;
import dev.proxyfleet.localinfra.FleetTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.Set;

/** Every route of this service's API, with no token, an unknown token and each role's token; the status is public. */
@QuarkusTest
@WithTestResource(FleetTestResource.class)
class AccessTest extends AccessRulesTest {

    @Override
    protected Set<String> publicRoutes() {
        return Set.of("GET /api/status", "GET /api/ui/config");
    }
}
