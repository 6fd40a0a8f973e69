package dev.proxyfleet.web;

import io.quarkus.smallrye.openapi.OpenApiFilter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.media.Content;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.parameters.Parameter;

/**
 * The error answers in every service's OpenAPI document, as {@link ProblemMapper} gives them. An operation that takes
 * a body may answer 400 (malformed JSON, rejected fields), 413 (beyond the size limit) and 415 (a media type it does
 * not take), and one whose parameters are constrained 400; the other answers come from where they are decided: 401
 * and 403 from api-security's access rules, 404 and 409 from the {@code @APIResponse} a resource declares. Every error
 * answer without a body of its own gets the problem document, except 413, which the HTTP layer gives before any of
 * this code runs.
 *
 * <p>A resource that declares an answer declares its success answer too ({@code @APIResponse(responseCode = "200")}
 * suffices): SmallRye derives the success answer from the method only where no answer, or that one, is declared.
 *
 * <p>Runs at build time, so that the document a build stores is the one the service serves, and after the filters
 * that add error answers (a lower priority runs later).
 */
@OpenApiFilter(stages = OpenApiFilter.RunStage.BUILD, priority = ProblemResponses.PRIORITY)
public class ProblemResponses implements OASFilter {

    /** Below the priority of any filter that adds error answers. */
    public static final int PRIORITY = 10;

    private static final String INVALID = "400";
    private static final String TOO_LARGE = "413";
    private static final Map<String, String> BODY_ERRORS = new LinkedHashMap<>();

    static {
        BODY_ERRORS.put(INVALID, "The request is malformed or has rejected fields: `errors` names each with its reason.");
        BODY_ERRORS.put(TOO_LARGE, "The body is larger than the service takes (`quarkus.http.limits.max-body-size`). The"
                + " HTTP layer answers before the API does, without a problem document.");
        BODY_ERRORS.put("415", "The body's media type is not one this operation takes.");
    }

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        Optional.ofNullable(openAPI.getPaths()).map(paths -> paths.getPathItems().values().stream()).orElseGet(Stream::empty)
                .map(PathItem::getOperations).flatMap(operations -> operations.values().stream())
                .forEach(ProblemResponses::document);
    }

    private static void document(Operation operation) {
        if (operation.getRequestBody() != null) {
            BODY_ERRORS.forEach((status, description) -> answers(operation, status, description));
        } else if (operation.getParameters() != null && operation.getParameters().stream().anyMatch(ProblemResponses::constrained)) {
            answers(operation, INVALID, BODY_ERRORS.get(INVALID));
        }
        operation.getResponses().getAPIResponses().forEach((status, response) -> {
            boolean error = status.startsWith("4") || status.startsWith("5");
            if (error && !status.equals(TOO_LARGE) && response.getContent() == null && response.getRef() == null) {
                response.setContent(problem());
            }
        });
    }

    private static void answers(Operation operation, String status, String description) {
        if (!operation.getResponses().hasAPIResponse(status)) {
            operation.getResponses().addAPIResponse(status, OASFactory.createAPIResponse().description(description));
        }
    }

    /** A parameter Bean Validation checks: the scanner turned its constraints into the schema's. */
    private static boolean constrained(Parameter parameter) {
        Schema schema = parameter.getSchema();
        return Boolean.TRUE.equals(parameter.getRequired()) && parameter.getIn() != Parameter.In.PATH
                || schema != null && (schema.getMinimum() != null || schema.getMaximum() != null
                        || schema.getPattern() != null || schema.getMinLength() != null || schema.getMaxLength() != null);
    }

    private static Content problem() {
        return OASFactory.createContent().addMediaType(Problem.MEDIA_TYPE,
                OASFactory.createMediaType().schema(OASFactory.createSchema().ref(Problem.SCHEMA)));
    }
}
