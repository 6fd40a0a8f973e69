package dev.proxyfleet.assignment.rest;

import dev.proxyfleet.contracts.EventData;
import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.Optional;

/**
 * An account or model id by the rule of the Kafka edge ({@link EventData#id}), so that REST accepts exactly the ids
 * events may carry. Null is valid (use {@code @NotNull}).
 */
@Documented
@Constraint(validatedBy = ExternalId.Validator.class)
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
public @interface ExternalId {

    /** Replaced by the rule's own reason. */
    String message() default "is not a valid id";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    /** Reports the reason {@link EventData#idProblem} gives. */
    class Validator implements ConstraintValidator<ExternalId, String> {

        @Override
        public boolean isValid(String value, ConstraintValidatorContext context) {
            Optional<String> problem = EventData.idProblem(value);
            problem.ifPresent(reason -> {
                context.disableDefaultConstraintViolation();
                context.buildConstraintViolationWithTemplate(reason).addConstraintViolation();
            });
            return problem.isEmpty();
        }
    }
}
