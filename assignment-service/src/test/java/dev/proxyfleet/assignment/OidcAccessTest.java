package dev.proxyfleet.assignment;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.proxyfleet.localinfra.FleetTestResource;
import dev.proxyfleet.localinfra.TestTokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.http.ContentType;
import io.smallrye.jwt.build.Jwt;
import java.security.KeyPairGenerator;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * With an OIDC issuer configured, its access tokens for the fleet's audience are accepted beside the API tokens, with
 * their roles; the token's subject is the actor of the changes made with it.
 */
@QuarkusTest
@WithTestResource(FleetTestResource.class)
@WithTestResource(OidcWiremockTestResource.class)
@TestProfile(OidcAccessTest.WithIssuer.class)
class OidcAccessTest {

    /** The audience api-security expects by default. */
    private static final String FLEET_AUDIENCE = "proxy-fleet";
    private static final String ROLE_CLAIM = "fleet_roles";
    /** The test issuer's name in its tokens. */
    private static final String ISSUER = "https://server.example.com";

    /** The service configured with an issuer (a WireMock OIDC server). */
    public static class WithIssuer implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.oidc.tenant-enabled", "true",
                    "quarkus.oidc.auth-server-url", "${keycloak.url}/realms/quarkus/",
                    "quarkus.oidc.client-id", "assignment-service",
                    "quarkus.oidc.application-type", "service",
                    // As QUARKUS_OIDC_ROLES_ROLE_CLAIM_PATH would: roles from groups and from an issuer's own claim.
                    "quarkus.oidc.roles.role-claim-path", "groups," + ROLE_CLAIM);
        }
    }

    private static String bearer(String user, String role) {
        return token(user, Set.of(role), FLEET_AUDIENCE, Map.of());
    }

    /** An access token of the test issuer for {@code user}, whose subject is {@code sub-<user>}. */
    private static String token(String user, Set<String> groups, String audience, Map<String, String> claims) {
        return "Bearer " + OidcWiremockTestResource.generateJwtToken(user, groups, "sub-" + user, "Bearer", Set.of(audience),
                claims);
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
    void tokenForAnotherAudienceIsRefused() {
        given().header("Authorization", token("ada", Set.of("admin"), "https://other-app.example.com", Map.of()))
                .get("/api/assignments/pending").then().statusCode(401);
    }

    @Test
    void rolesComeFromTheConfiguredRoleClaim() {
        String operator = token("olga", Set.of(), FLEET_AUDIENCE, Map.of(ROLE_CLAIM, "operator"));

        given().header("Authorization", operator).post("/api/assignments/auto").then().statusCode(200);
    }

    @Test
    void manualAssignmentRecordsTheTokensSubjectWhateverXActorClaims() {
        String account = "acc-" + Fleet.nextId();

        given().header("Authorization", bearer("otto", "operator")).header("X-Actor", "mallory")
                .contentType(ContentType.JSON).body(Map.of("accountId", account, "modelId", "model-" + Fleet.nextId()))
                .post("/api/assignments").then().statusCode(200);

        assertThat(given().queryParam("accountId", account).get("/api/assignments/history")
                .then().statusCode(200).extract().jsonPath().getList("actor")).isNotEmpty().containsOnly("sub-otto");
    }

    @Test
    void tokenWithoutThePrincipalClaimReadsButCannotChangeAssignments() {
        String nameless = "Bearer " + Jwt.issuer(ISSUER).audience(FLEET_AUDIENCE).groups("operator")
                .jws().keyId("1").sign("privateKey.jwk");
        String account = "acc-" + Fleet.nextId();

        given().header("Authorization", nameless).get("/api/assignments/pending").then().statusCode(200);
        given().header("Authorization", nameless).contentType(ContentType.JSON)
                .body(Map.of("accountId", account, "modelId", "model-" + Fleet.nextId()))
                .post("/api/assignments").then().statusCode(403);
        given().get("/api/accounts/{id}/proxy", account).then().statusCode(404);
    }

    @Test
    void tokenSignedByAnotherKeyIsRefused() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        String forged = Jwt.issuer(ISSUER).audience(FLEET_AUDIENCE).upn("mallory").groups("admin")
                .sign(generator.generateKeyPair().getPrivate());
        given().header("Authorization", "Bearer " + forged).get("/api/assignments/pending").then().statusCode(401);
    }

    @Test
    void apiTokensKeepWorkingBesideOidc() {
        given().header("Authorization", "Bearer " + TestTokens.VIEWER).get("/api/assignments/pending").then().statusCode(200);
    }
}
