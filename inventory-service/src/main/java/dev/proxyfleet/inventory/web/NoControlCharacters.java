package dev.proxyfleet.inventory.web;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Text without control characters. PostgreSQL refuses NUL in text, and in a name, label, credential or location any
 * other control character is corruption (a shifted CSV cell, a UTF-16 file read as UTF-8), never data. Free text such
 * as notes may keep its line breaks and tabs ({@link #lineBreaks}). Null is valid.
 */
@Documented
@Constraint(validatedBy = NoControlCharacters.Validator.class)
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT, ElementType.METHOD, ElementType.TYPE_USE})
@Retention(RetentionPolicy.RUNTIME)
public @interface NoControlCharacters {

    String message() default "must not contain control characters";

    /** Whether tab, line feed and carriage return are allowed. */
    boolean lineBreaks() default false;

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    /** Checks every character; a message never quotes the value, which may be a password. */
    class Validator implements ConstraintValidator<NoControlCharacters, String> {

        private boolean lineBreaks;

        @Override
        public void initialize(NoControlCharacters annotation) {
            lineBreaks = annotation.lineBreaks();
        }

        @Override
        public boolean isValid(String value, ConstraintValidatorContext context) {
            return value == null || value.chars().noneMatch(this::refused);
        }

        /** True for text without any control character: the rule for one-line fields. */
        public static boolean isValid(String value) {
            return value.chars().noneMatch(Character::isISOControl);
        }

        private boolean refused(int c) {
            return Character.isISOControl(c) && !(lineBreaks && (c == '\t' || c == '\n' || c == '\r'));
        }
    }
}
