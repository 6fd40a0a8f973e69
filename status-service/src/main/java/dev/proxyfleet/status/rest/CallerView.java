package dev.proxyfleet.status.rest;

import dev.proxyfleet.security.Role;
import dev.proxyfleet.status.model.ProxyView;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Which {@link ProxyView} a caller of {@code /api/status} or {@code /ws/status} gets: the full one with the viewer
 * role (operators and admins hold it too), else {@code status.public-view}. Consumers select proxies through
 * {@code /api/proxies/best}; the inventory is not theirs to list.
 */
@ApplicationScoped
public class CallerView {

    private final ProxyView publicView;

    public CallerView(@ConfigProperty(name = "status.public-view", defaultValue = "redacted") ProxyView publicView) {
        this.publicView = publicView;
    }

    public ProxyView of(SecurityIdentity caller) {
        return caller.hasRole(Role.VIEWER) ? ProxyView.FULL : publicView;
    }
}
