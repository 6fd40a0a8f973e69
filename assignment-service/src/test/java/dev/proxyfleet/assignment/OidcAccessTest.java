package dev.proxyfleet.assignment;

import static io.restassured.RestAssured.given;

import dev.proxyfleet.localinfra.FleetTestResource;
import dev.proxyfleet.localinfra.TestTokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.smallrye.jwt.build.Jwt;
import java.security.KeyPairGenerator;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** With an OIDC issuer configured, its access tokens are accepted beside the API tokens, with their roles. */
@QuarkusTest
@WithTestResource(FleetTestResource.class)
@WithTestResource(OidcWiremockTestResource.class)
@TestProfile(OidcAccessTest.WithIssuer.class)
class OidcAccessTest {

    /** The service configured with an issuer (a WireMock OIDC server). */
    public static class WithIssuer implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.oidc.tenant-enabled", "true",
                    "quarkus.oidc.auth-server-url", "${keycloak.url}/realms/quarkus/",
                    "quarkus.oidc.client-id", "assignment-service",
                    "quarkus.oidc.application-type", "service");
        }
    }

    private static String bearer(String user, String role) {
        return "Bearer " + OidcWiremockTestResource.getAccessToken(user, Set.of(role));
    }

    @Test
    void viewerTokenReadsButCannotChange() {
        given().header("Authorization", bearer("vera", "viewer")).get("/api/assignments/pending").then().statusCode(200);
        given().header("Authorization", bearer("vera", "viewer")).post("/api/assignments/auto").then().statusCode(403);
    }

    @Test
    void adminTokenIncludesTheOperatorRole() {
        given().header("Authorization", bearer("ada", "admin")).post("/api/assignments/auto").then().statusCode(200);
    }

    @Test
    void tokenSignedByAnotherKeyIsRefused() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        String forged = Jwt.issuer("https://server.example.com").upn("mallory").groups("admin")
                .sign(generator.generateKeyPair().getPrivate());
        given().header("Authorization", "Bearer " + forged).get("/api/assignments/pending").then().statusCode(401);
    }

    @Test
    void apiTokensKeepWorkingBesideOidc() {
        given().header("Authorization", "Bearer " + TestTokens.VIEWER).get("/api/assignments/pending").then().statusCode(200);
    }
}
