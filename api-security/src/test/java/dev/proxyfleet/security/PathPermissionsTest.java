package dev.proxyfleet.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** The shared path permissions read back per operation, as the OpenAPI documents state them. */
class PathPermissionsTest {

    /** What status-service adds to the shared rules: a public route and one open to two roles. */
    private static final Map<String, String> STATUS = Map.of(
            "quarkus.http.auth.permission.public.paths", "/api/status,/api/ui/config",
            "quarkus.http.auth.permission.public.methods", "GET",
            "quarkus.http.auth.permission.public.policy", "permit",
            "quarkus.http.auth.policy.best-proxy.roles-allowed", "viewer,consumer",
            "quarkus.http.auth.permission.best-proxy.paths", "/api/proxies/best",
            "quarkus.http.auth.permission.best-proxy.methods", "GET",
            "quarkus.http.auth.permission.best-proxy.policy", "best-proxy");

    @Test
    void readsNeedViewerAndChangesOperator() throws IOException {
        PathPermissions shared = permissions(Map.of());

        assertThat(shared.access("GET", "/api/proxies/{id}")).contains(roles("viewer"));
        assertThat(shared.access("PATCH", "/api/proxies/{id}")).contains(roles("operator"));
        assertThat(shared.access("DELETE", "/api/assignments/{accountId}")).contains(roles("operator"));
    }

    @Test
    void theLongerPrefixWinsForAdministration() throws IOException {
        assertThat(permissions(Map.of()).access("POST", "/api/admin/credentials/re-encrypt")).contains(roles("admin"));
    }

    @Test
    void anExactPathWinsOverThePrefixOnlyForItsMethods() throws IOException {
        PathPermissions status = permissions(STATUS);

        assertThat(status.access("GET", "/api/status")).contains(PathPermissions.Access.PUBLIC);
        assertThat(status.access("GET", "/api/proxies/best")).contains(roles("viewer", "consumer"));
        assertThat(status.access("GET", "/api/status/history")).contains(roles("viewer"));
    }

    @Test
    void refusesToStateAnOperationItsPathsPermissionsDeny() throws IOException {
        assertThatThrownBy(() -> permissions(STATUS).access("DELETE", "/api/proxies/best")).hasMessageContaining("denied");
    }

    @Test
    void pathsNoPermissionCoversAreNotStated() throws IOException {
        assertThat(permissions(Map.of()).access("GET", "/q/health/ready")).isEmpty();
    }

    @Test
    void refusesToStateSeveralPoliciesAtOnce() throws IOException {
        PathPermissions twice = permissions(Map.of(
                "quarkus.http.auth.permission.other.paths", "/api/*",
                "quarkus.http.auth.permission.other.methods", "GET",
                "quarkus.http.auth.permission.other.policy", "authenticated"));

        assertThatThrownBy(() -> twice.access("GET", "/api/proxies")).hasMessageContaining("several policies")
                .hasMessageContaining("api-read").hasMessageContaining("other");
    }

    private static PathPermissions.Access roles(String... roles) {
        return new PathPermissions.Access(false, List.of(roles));
    }

    /** This module's shared configuration, as every service gets it, with a service's additions. */
    private static PathPermissions permissions(Map<String, String> service) throws IOException {
        Properties config = new Properties();
        try (InputStream shared = PathPermissions.class.getResourceAsStream("/META-INF/microprofile-config.properties")) {
            config.load(shared);
        }
        config.putAll(service);
        return new PathPermissions(config.stringPropertyNames(), name -> Optional.ofNullable(config.getProperty(name)));
    }
}
