package dev.proxyfleet.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.quarkus.logging.Log;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.persistence.OptimisticLockException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Path;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The one place errors become responses: {@code application/problem+json}, field errors for rejected input, and
 * never a stack trace, class name or secret.
 */
public class ProblemMapper {

    @ServerExceptionMapper
    public Response invalid(ConstraintViolationException e) {
        List<Problem.FieldError> errors = e.getConstraintViolations().stream()
                .map(v -> new Problem.FieldError(fieldName(v), v.getMessage()))
                .sorted(Comparator.comparing(Problem.FieldError::field))
                .toList();
        String detail = errors.stream().map(f -> f.field() + " " + f.message()).collect(Collectors.joining("; "));
        return respond(new Problem("about:blank", "Invalid request", 400, detail, errors, null));
    }

    @ServerExceptionMapper
    public Response unreadable(JsonProcessingException e) {
        String field = fieldOf(e);
        if (field.isEmpty()) {
            return respond(Problem.of(400, "Malformed JSON", "the request body is not valid JSON"));
        }
        String message;
        if (e instanceof InputCoercionException) {
            message = "is out of range";
        } else if (e instanceof InvalidFormatException ife) {
            message = "must be of type " + simpleType(ife.getTargetType());
        } else if (e instanceof UnrecognizedPropertyException) {
            message = "is not a known field";
        } else {
            message = "has the wrong type or shape";
        }
        return respond(new Problem("about:blank", "Invalid request", 400, field + " " + message,
                List.of(new Problem.FieldError(field, message)), null));
    }

    /** Quarkus' own mapper for this subtype would otherwise win: mappers are chosen by the most specific type. */
    @ServerExceptionMapper
    public Response mismatchedInput(MismatchedInputException e) {
        return unreadable(e);
    }

    @ServerExceptionMapper
    public Response invalidField(InvalidFieldException e) {
        return respond(new Problem("about:blank", "Invalid request", 400, e.field() + " " + e.getMessage(),
                List.of(new Problem.FieldError(e.field(), e.getMessage())), null));
    }

    @ServerExceptionMapper
    public Response conflict(ConflictException e) {
        return respond(new Problem("about:blank", "Conflict", 409, e.getMessage(), null, e.existingId()));
    }

    @ServerExceptionMapper
    public Response concurrentChange(OptimisticLockException e) {
        return respond(Problem.of(409, "Conflict", "the entity was changed concurrently; read it again and retry"));
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        // Quarkus' JSON reader wraps some parse errors (a number beyond its type among them) in a plain 400.
        if (e.getCause() instanceof JsonProcessingException unreadable) {
            return unreadable(unreadable);
        }
        int status = e.getResponse().getStatus();
        String title = Response.Status.fromStatusCode(status) == null ? "Error" : Response.Status.fromStatusCode(status).getReasonPhrase();
        return respond(Problem.of(status, title, e.getMessage()));
    }

    @ServerExceptionMapper({UnauthorizedException.class, AuthenticationFailedException.class})
    public Response unauthenticated(RuntimeException e) {
        String detail = e instanceof AuthenticationFailedException
                ? "the bearer token is not valid"
                : "send a token: Authorization: Bearer <API token or OIDC access token>";
        return Response.fromResponse(respond(Problem.of(401, "Unauthorized", detail))).header("WWW-Authenticate", "Bearer").build();
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e) {
        String detail = e.getMessage() == null || e.getMessage().isBlank() ? "the token's roles do not allow this request" : e.getMessage();
        return respond(Problem.of(403, "Forbidden", detail));
    }

    @ServerExceptionMapper
    public Response unexpected(Exception e) {
        Log.error("Unexpected error while handling a request", e);
        return respond(Problem.of(500, "Internal Server Error", "an unexpected error occurred; it has been logged"));
    }

    private static Response respond(Problem problem) {
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem).build();
    }

    /**
     * The field as the client named it: {@code port}, {@code labels[2]}, or the query parameter ({@code size}); never
     * the Java method or body parameter name.
     */
    private static String fieldName(ConstraintViolation<?> violation) {
        StringBuilder field = new StringBuilder();
        String parameter = "";
        for (Path.Node node : violation.getPropertyPath()) {
            switch (node.getKind()) {
                case METHOD, CONSTRUCTOR, RETURN_VALUE, CROSS_PARAMETER, BEAN -> {
                }
                case PARAMETER -> parameter = node.getName();
                case CONTAINER_ELEMENT -> field.append('[').append(node.getIndex()).append(']');
                default -> field.append(field.length() == 0 ? "" : ".").append(node.getName());
            }
        }
        return field.length() == 0 ? parameter : field.toString();
    }

    private static String path(JsonMappingException e) {
        return e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
    }

    private static String fieldOf(JsonProcessingException e) {
        if (e instanceof JsonMappingException jme) {
            return path(jme);
        }
        if (e instanceof InputCoercionException ice && ice.getProcessor() != null) {
            return path(ice.getProcessor().getParsingContext());
        }
        return "";
    }

    /**
     * The field a number beyond its type (a 20-digit id) was read for: Jackson gives such an error no path, but the
     * parser still stands on the field.
     */
    private static String path(JsonStreamContext context) {
        StringBuilder field = new StringBuilder();
        for (JsonStreamContext c = context; c != null && !c.inRoot(); c = c.getParent()) {
            field.insert(0, c.inArray() ? "[" + c.getCurrentIndex() + "]" : "." + c.getCurrentName());
        }
        return field.length() > 0 && field.charAt(0) == '.' ? field.substring(1) : field.toString();
    }

    private static String simpleType(Class<?> type) {
        if (Number.class.isAssignableFrom(type) || type == int.class || type == long.class) {
            return "number";
        }
        if (type.isEnum()) {
            return "one of " + java.util.Arrays.toString(type.getEnumConstants());
        }
        return type == Boolean.class || type == boolean.class ? "boolean" : "string";
    }
}
