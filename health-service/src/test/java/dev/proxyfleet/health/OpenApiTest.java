package dev.proxyfleet.health;

import dev.proxyfleet.localinfra.PublishedOpenApiTest;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** docs/openapi/health-service.yaml is the document this service serves. */
@QuarkusTest
@WithTestResource(HealthTestResource.class)
class OpenApiTest extends PublishedOpenApiTest {
}
