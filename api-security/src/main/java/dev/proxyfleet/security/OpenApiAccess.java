package dev.proxyfleet.security;

import dev.proxyfleet.web.ProblemResponses;
import io.quarkus.smallrye.openapi.OpenApiFilter;
import java.util.ArrayList;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;
import org.eclipse.microprofile.openapi.models.security.SecurityScheme;

/**
 * Who may call each operation, in every service's OpenAPI document, read from the path permissions that decide it
 * ({@link PathPermissions}) rather than restated: the bearer scheme, each operation's roles as its security
 * requirement with the 401 and 403 it may answer, and an empty requirement on public operations. Runs at build time,
 * so that the document a build stores is the one the service serves, and before rest-errors' {@link ProblemResponses},
 * which gives these answers their problem document.
 */
@OpenApiFilter(stages = OpenApiFilter.RunStage.BUILD, priority = ProblemResponses.PRIORITY + 1)
public class OpenApiAccess implements OASFilter {

    /** The security scheme's name in the documents. */
    static final String SCHEME = "bearer";

    private static final String DESCRIPTION = """
            `Authorization: Bearer <token>`, where the token is an API token (`pft_…`; the services keep only its \
            SHA-256, `FLEET_SECURITY_TOKENS`) or, where an OIDC issuer is configured (`QUARKUS_OIDC_TENANT_ENABLED`), \
            an access token issued for the audience `proxy-fleet` whose `groups` claim carries the roles. An \
            operation's security requirement lists the roles that may call it: `admin` holds every role, `operator` \
            also `viewer`. An operation with an empty security requirement is public. No token or an unknown one \
            answers 401 (`WWW-Authenticate: Bearer`), a token without the role 403.""";

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        if (openAPI.getPaths() == null) {
            return;
        }
        Config config = ConfigProvider.getConfig();
        PathPermissions permissions = new PathPermissions(config.getPropertyNames(),
                name -> config.getOptionalValue(name, String.class));
        if (openAPI.getComponents() == null) {
            openAPI.setComponents(OASFactory.createComponents());
        }
        openAPI.getComponents().addSecurityScheme(SCHEME, OASFactory.createSecurityScheme()
                .type(SecurityScheme.Type.HTTP).scheme("bearer").description(DESCRIPTION));
        openAPI.getPaths().getPathItems().forEach((path, item) -> item.getOperations().forEach((method, operation) ->
                permissions.access(method.name(), path).ifPresent(access -> document(operation, access))));
    }

    private static void document(Operation operation, PathPermissions.Access access) {
        if (access.open()) {
            operation.setSecurity(new ArrayList<>());
            return;
        }
        operation.addSecurityRequirement(OASFactory.createSecurityRequirement().addScheme(SCHEME, access.roles()));
        answers(operation.getResponses(), "401", OASFactory.createAPIResponse()
                .description("No bearer token, or one that is not valid.")
                .addHeader("WWW-Authenticate", OASFactory.createHeader().description("`Bearer`")
                        .schema(OASFactory.createSchema().addType(Schema.SchemaType.STRING))));
        if (!access.roles().isEmpty()) {
            String roles = access.roles().size() == 1 ? "the role " + access.roles().get(0)
                    : "any of the roles " + String.join(", ", access.roles());
            answers(operation.getResponses(), "403", OASFactory.createAPIResponse().description("The token lacks " + roles + "."));
        }
    }

    /** Unless the resource declares the answer itself, with a more particular description. */
    private static void answers(APIResponses responses, String status, APIResponse response) {
        if (!responses.hasAPIResponse(status)) {
            responses.addAPIResponse(status, response);
        }
    }
}
