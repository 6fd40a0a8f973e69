package dev.proxyfleet.inventory;

import dev.proxyfleet.localinfra.FleetTestResource;
import dev.proxyfleet.localinfra.PublishedOpenApiTest;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** docs/openapi/inventory-service.yaml is the document this service serves. */
@QuarkusTest
@WithTestResource(FleetTestResource.class)
class OpenApiTest extends PublishedOpenApiTest {
}
