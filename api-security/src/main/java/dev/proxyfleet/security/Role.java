package dev.proxyfleet.security;

import java.util.Set;

/**
 * The roles of the fleet's APIs. Each includes the ones below it where that makes sense: an admin may do everything,
 * an operator may also read.
 */
public final class Role {

    /** Everything, including key rotation. */
    public static final String ADMIN = "admin";
    /** Inventory changes, imports, probes on demand, assignments. */
    public static final String OPERATOR = "operator";
    /** Reading every API. */
    public static final String VIEWER = "viewer";
    /** Best-proxy selection with the proxy's credentials. */
    public static final String CONSUMER = "consumer";

    /** Every role, for validation. */
    public static final Set<String> ALL = Set.of(ADMIN, OPERATOR, VIEWER, CONSUMER);

    private Role() {
    }

    /** A role with the roles it includes; roles this system does not define (from an OIDC issuer) include nothing. */
    static Set<String> implied(String role) {
        return switch (role) {
            case ADMIN -> ALL;
            case OPERATOR -> Set.of(OPERATOR, VIEWER);
            default -> Set.of(role);
        };
    }
}
