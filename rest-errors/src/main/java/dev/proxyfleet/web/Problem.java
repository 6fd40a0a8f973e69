package dev.proxyfleet.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * An RFC 9457 problem document. {@code errors} lists field errors of a rejected request; {@code existingId} names
 * the entity a duplicate collides with.
 */
@Schema(name = Problem.SCHEMA, description = "An RFC 9457 problem document: every error answer of the API.")
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, List<FieldError> errors, Long existingId) {

    public static final String MEDIA_TYPE = "application/problem+json";
    /** Its name among the OpenAPI document's schemas. */
    public static final String SCHEMA = "Problem";

    /** One rejected field and why. */
    public record FieldError(String field, String message) {
    }

    public static Problem of(int status, String title, String detail) {
        return new Problem("about:blank", title, status, detail, null, null);
    }
}
