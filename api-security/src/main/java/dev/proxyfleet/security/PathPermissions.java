package dev.proxyfleet.security;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The {@code quarkus.http.auth.permission.*} rules the services are protected by (this module's shared configuration
 * and a service's own), read back to say which operation they open to whom. Matching as Quarkus does: the most
 * specific path wins (an exact path over a prefix {@code /x/*}, a longer prefix over a shorter one), and of the
 * permissions of that path those naming the request's method over those naming none (none of them: denied). A rule
 * this cannot state exactly (several policies at once, a policy other than {@code permit}, {@code authenticated} or
 * roles, an operation nobody may call) fails the build rather than be documented wrong.
 */
final class PathPermissions {

    private static final String PREFIX = "quarkus.http.auth.permission.";
    private static final Pattern PATHS = Pattern.compile(Pattern.quote(PREFIX) + "([^.]+)\\.paths");

    /** Who may call an operation: anyone ({@code open}), or the holders of any of {@code roles} (any caller with a token when empty). */
    record Access(boolean open, List<String> roles) {

        static final Access PUBLIC = new Access(true, List.of());
    }

    private record Permission(String name, List<String> paths, Set<String> methods, String policy) {
    }

    private final List<Permission> permissions = new ArrayList<>();
    private final Function<String, Optional<String>> config;

    /**
     * @param propertyNames every configured property name
     * @param config a property's value, if set
     */
    PathPermissions(Iterable<String> propertyNames, Function<String, Optional<String>> config) {
        this.config = config;
        for (String property : propertyNames) {
            Matcher paths = PATHS.matcher(property);
            if (paths.matches() && !config.apply(PREFIX + paths.group(1) + ".enabled").orElse("true").equals("false")) {
                String name = paths.group(1);
                permissions.add(new Permission(name, list(config.apply(property).orElseThrow()),
                        list(config.apply(PREFIX + name + ".methods").orElse("")).stream()
                                .map(method -> method.toUpperCase(Locale.ROOT)).collect(Collectors.toSet()),
                        config.apply(PREFIX + name + ".policy").orElseThrow(() ->
                                new IllegalStateException(PREFIX + name + ".policy is not set"))));
            }
        }
    }

    /** Who may call {@code method} on {@code pathTemplate} ({@code /api/proxies/{id}}); empty when no permission covers it. */
    Optional<Access> access(String method, String pathTemplate) {
        String path = pathTemplate.replaceAll("\\{[^}]+}", "x");
        record Match(Permission permission, int specificity) {
        }
        List<Match> matches = permissions.stream()
                .map(permission -> new Match(permission, permission.paths().stream()
                        .mapToInt(pattern -> specificity(pattern, path)).max().orElse(-1)))
                .filter(match -> match.specificity() >= 0).toList();
        int best = matches.stream().mapToInt(Match::specificity).max().orElse(-1);
        List<Permission> winners = matches.stream().filter(match -> match.specificity() == best).map(Match::permission).toList();
        List<Permission> forMethod = winners.stream().filter(p -> p.methods().contains(method.toUpperCase(Locale.ROOT))).toList();
        List<Permission> applied = !forMethod.isEmpty() ? forMethod : winners.stream().filter(p -> p.methods().isEmpty()).toList();
        if (!winners.isEmpty() && applied.isEmpty()) {
            throw new IllegalStateException(method + " " + pathTemplate + " is denied to everyone: the permissions of its"
                    + " path name other methods only");
        }
        Set<String> policies = applied.stream().map(Permission::policy).collect(Collectors.toSet());
        if (policies.size() > 1) {
            throw new IllegalStateException(method + " " + pathTemplate + " is governed by several policies at once ("
                    + applied.stream().map(Permission::name).sorted().toList() + "); say which one applies");
        }
        return policies.stream().findFirst().map(policy -> ofPolicy(policy, method + " " + pathTemplate));
    }

    private Access ofPolicy(String policy, String operation) {
        return switch (policy) {
            case "permit" -> Access.PUBLIC;
            case "authenticated" -> new Access(false, List.of());
            default -> new Access(false, config.apply("quarkus.http.auth.policy." + policy + ".roles-allowed").map(PathPermissions::list)
                    .orElseThrow(() -> new IllegalStateException("policy '" + policy + "' of " + operation
                            + " names no roles-allowed: the OpenAPI document cannot state who may call it")));
        };
    }

    /** How specifically {@code pattern} matches {@code path}: -1 not at all, exact paths above every prefix. */
    private static int specificity(String pattern, String path) {
        if (pattern.endsWith("/*")) {
            String prefix = pattern.substring(0, pattern.length() - 1);
            return path.startsWith(prefix) || path.equals(prefix.substring(0, prefix.length() - 1)) ? prefix.length() : -1;
        }
        if (pattern.contains("*")) {
            throw new IllegalStateException("permission path '" + pattern + "': only exact paths and /prefix/* are read back");
        }
        return pattern.equals(path) ? Integer.MAX_VALUE : -1;
    }

    private static List<String> list(String value) {
        return Arrays.stream(value.split(",")).map(String::trim).filter(item -> !item.isEmpty()).toList();
    }

}
