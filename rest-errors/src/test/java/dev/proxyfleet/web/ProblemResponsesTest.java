package dev.proxyfleet.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.parameters.Parameter;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.junit.jupiter.api.Test;

/** The error answers an operation's shape implies, and the problem document on every error answer. */
class ProblemResponsesTest {

    @Test
    void anOperationWithABodyMayAnswer400And413And415() {
        Operation create = operation().requestBody(OASFactory.createRequestBody());

        filter(create);

        assertThat(create.getResponses().getAPIResponses()).containsKeys("200", "400", "413", "415");
        assertThat(problemSchema(create.getResponses().getAPIResponse("400"))).isEqualTo("#/components/schemas/Problem");
        assertThat(problemSchema(create.getResponses().getAPIResponse("415"))).isEqualTo("#/components/schemas/Problem");
        assertThat(create.getResponses().getAPIResponse("413").getContent()).as("the HTTP layer's 413 has no body").isNull();
        assertThat(create.getResponses().getAPIResponse("200").getContent()).isNull();
    }

    @Test
    void aConstrainedParameterMayAnswer400AndAnUnconstrainedOneNot() {
        Operation limited = operation().addParameter(OASFactory.createParameter().name("limit").in(Parameter.In.QUERY)
                .schema(OASFactory.createSchema().maximum(BigDecimal.TEN)));
        Operation free = operation().addParameter(OASFactory.createParameter().name("q").in(Parameter.In.QUERY)
                .schema(OASFactory.createSchema()));

        filter(limited, free);

        assertThat(limited.getResponses().getAPIResponses()).containsKey("400");
        assertThat(free.getResponses().getAPIResponses()).containsOnlyKeys("200");
    }

    @Test
    void aDeclaredAnswerKeepsItsDescriptionAndGetsTheProblemDocument() {
        Operation get = operation();
        get.getResponses().addAPIResponse("404", OASFactory.createAPIResponse().description("No proxy has this id."));

        filter(get);

        assertThat(get.getResponses().getAPIResponse("404").getDescription()).isEqualTo("No proxy has this id.");
        assertThat(problemSchema(get.getResponses().getAPIResponse("404"))).isEqualTo("#/components/schemas/Problem");
    }

    private static Operation operation() {
        return OASFactory.createOperation().responses(OASFactory.createAPIResponses()
                .addAPIResponse("200", OASFactory.createAPIResponse().description("OK")));
    }

    private static void filter(Operation... operations) {
        OpenAPI openAPI = OASFactory.createOpenAPI().paths(OASFactory.createPaths());
        for (int i = 0; i < operations.length; i++) {
            openAPI.getPaths().addPathItem("/api/x" + i, OASFactory.createPathItem().POST(operations[i]));
        }
        new ProblemResponses().filterOpenAPI(openAPI);
    }

    private static String problemSchema(APIResponse response) {
        return response.getContent().getMediaType(Problem.MEDIA_TYPE).getSchema().getRef();
    }
}
