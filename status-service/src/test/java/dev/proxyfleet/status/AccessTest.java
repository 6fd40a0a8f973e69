package dev.proxyfleet.status;

import dev.proxyfleet.localinfra.AccessRulesTest;
import dev.proxyfleet.localinfra.FleetTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.Map;
import java.util.Set;

/** Every route of this service's API, with no token, an unknown token and each role's token; the status is public,
 * best-proxy selection also open to consumers. */
@QuarkusTest
@WithTestResource(FleetTestResource.class)
class AccessTest extends AccessRulesTest {

    @Override
    protected Set<String> publicRoutes() {
        return Set.of("GET /api/status", "GET /api/ui/config");
    }

    @Override
    protected Map<String, Set<String>> routeRoles() {
        return Map.of("GET /api/proxies/best", Set.of("viewer", "consumer"),
                "GET /api/keys/next", Set.of("consumer"),
                "POST /api/keys/{id}/exhausted", Set.of("consumer", "operator"));
    }
}
