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
import java.util.regex.Pattern;

/** An IPv4 address, an IPv6 address (bracketed or not) or a DNS host name. Null is valid (use @NotBlank). */
@Documented
@Constraint(validatedBy = HostName.Validator.class)
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
public @interface HostName {

    String message() default "must be an IPv4 address, an IPv6 address or a host name";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    /** Checks the syntax only: no name is ever resolved. */
    class Validator implements ConstraintValidator<HostName, String> {

        private static final Pattern IPV4 = Pattern.compile(
                "((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)");
        private static final Pattern DOTTED_NUMBERS = Pattern.compile("[\\d.]+");
        private static final Pattern HOST_NAME = Pattern.compile(
                "(?=.{1,253}$)([a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)(\\.[a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*\\.?");
        private static final Pattern IPV6_CHARS = Pattern.compile("[0-9a-fA-F:.]+");

        @Override
        public boolean isValid(String host, ConstraintValidatorContext context) {
            return host == null || isValid(host);
        }

        /** True for a syntactically valid host. */
        public static boolean isValid(String host) {
            if (host.startsWith("[") && host.endsWith("]")) {
                return isIpv6(host.substring(1, host.length() - 1));
            }
            if (host.indexOf(':') >= 0) {
                return isIpv6(host);
            }
            if (DOTTED_NUMBERS.matcher(host).matches()) {
                return IPV4.matcher(host).matches();
            }
            return HOST_NAME.matcher(host).matches();
        }

        private static boolean isIpv6(String host) {
            if (!IPV6_CHARS.matcher(host).matches()) {
                return false;
            }
            try {
                // With a colon in it, the JDK parses a literal and never asks DNS.
                return java.net.InetAddress.getByName(host) instanceof java.net.Inet6Address;
            } catch (java.net.UnknownHostException e) {
                return false;
            }
        }
    }
}
