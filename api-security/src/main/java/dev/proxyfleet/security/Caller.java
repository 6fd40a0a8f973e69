package dev.proxyfleet.security;

import io.quarkus.security.ForbiddenException;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The caller of a REST request, as the actor that histories record for its changes: the API token's name or the OIDC
 * token's principal claim ({@code sub} unless configured otherwise, see docs/security.md). Nothing the client sends
 * besides its token names the actor, so no caller can record a change in someone else's name.
 */
@ApplicationScoped
public class Caller {

    private final CurrentIdentityAssociation identity;

    public Caller(CurrentIdentityAssociation identity) {
        this.identity = identity;
    }

    /**
     * The caller's principal name. An OIDC token without the configured principal claim has none; its change is refused
     * rather than recorded under no name. Authentication is lazy, so the identity is awaited rather than read.
     */
    public Uni<String> actor() {
        return identity.getDeferredIdentity().map(current -> {
            String name = current.getPrincipal().getName();
            if (name == null || name.isBlank()) {
                throw new ForbiddenException("the token names no principal, so a change could not be attributed");
            }
            return name;
        });
    }
}
