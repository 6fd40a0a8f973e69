package dev.proxyfleet.status.rest;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.proxyfleet.security.Role;
import dev.proxyfleet.status.model.ProxyStatus;
import dev.proxyfleet.status.selection.BestProxySelector;
import dev.proxyfleet.status.selection.Criteria;
import dev.proxyfleet.status.selection.ProxyCredentials;
import dev.proxyfleet.status.selection.SelectionDecisions;
import dev.proxyfleet.status.selection.SelectionSettings;
import dev.proxyfleet.status.selection.Strategy;
import dev.proxyfleet.web.InvalidFieldException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * {@code GET /api/proxies/best}: one proxy chosen by a strategy among the usable ones. With
 * {@code includeCredentials=true} and the {@code consumer} role the answer also carries {@code proxyUrl}, the proxy's
 * URL with its decrypted password: the only answer of the system that does.
 */
@Path("/api/proxies/best")
@Produces(MediaType.APPLICATION_JSON)
public class BestProxyResource {

    /** The answer that says to go without a proxy. */
    public static final Map<String, Boolean> DIRECT = Map.of("direct", true);

    private final BestProxySelector selector;
    private final SelectionSettings config;
    private final ProxyCredentials credentials;
    private final CurrentIdentityAssociation identity;
    private final SelectionDecisions decisions;

    public BestProxyResource(BestProxySelector selector, SelectionSettings config, ProxyCredentials credentials,
            CurrentIdentityAssociation identity, SelectionDecisions decisions) {
        this.selector = selector;
        this.config = config;
        this.credentials = credentials;
        this.identity = identity;
        this.decisions = decisions;
    }

    /** The chosen proxy with its ready-to-use URL, credentials included. */
    public record WithCredentials(@JsonUnwrapped ProxyStatus proxy, String proxyUrl) {
    }

    /**
     * The proxy, or {@code {"direct": true}} when none fits and fallback to direct is on, or while the proxy system is
     * disabled ({@link SelectionSettings}). Runs on the event loop, so the caller's identity (authenticated lazily) is
     * awaited rather than asked for.
     */
    @APIResponse(responseCode = "200")
    @APIResponse(responseCode = "403", description = "The token has neither the viewer nor the consumer role, or asks"
            + " for `includeCredentials` without the consumer role.")
    @APIResponse(responseCode = "404", description = "No usable proxy fits (`detail` says why); with"
            + " fallback to direct on, the answer is `{\"direct\": true}` instead, as always while the proxy system is"
            + " disabled (runtime settings).")
    @GET
    public Uni<Object> best(@QueryParam("strategy") String strategyName, @QueryParam("modelId") String modelId,
            @QueryParam("location") String location, @QueryParam("label") String label,
            @QueryParam("includeCredentials") boolean includeCredentials) {
        Criteria criteria = new Criteria(modelId, location, label);
        return identity.getDeferredIdentity().chain(caller -> best(caller, strategyName, criteria, includeCredentials));
    }

    private Uni<Object> best(SecurityIdentity caller, String strategyName, Criteria criteria, boolean includeCredentials) {
        if (includeCredentials && !caller.hasRole(Role.CONSUMER)) {
            throw new ForbiddenException("includeCredentials needs the consumer role");
        }
        if (!config.proxySystemEnabled()) {
            decisions.disabled("the best proxy");
            return Uni.createFrom().item(DIRECT);
        }
        Strategy strategy = strategy(strategyName == null ? config.defaultStrategy() : strategyName);
        Optional<ProxyStatus> best = selector.select(strategy, criteria);
        if (best.isPresent()) {
            ProxyStatus proxy = best.get();
            decisions.selected(strategy, criteria, proxy);
            return includeCredentials
                    ? credentials.proxyUrl(proxy, caller.getPrincipal().getName()).map(url -> new WithCredentials(proxy, url))
                    : Uni.createFrom().item(proxy);
        }
        if (config.fallbackToDirect()) {
            decisions.direct(strategy, criteria);
            return Uni.createFrom().item(DIRECT);
        }
        decisions.notFound(strategy, criteria);
        throw new NotFoundException(selector.reason(strategy, criteria));
    }

    private static Strategy strategy(String name) {
        return Strategy.fromParameter(name).orElseThrow(() -> new InvalidFieldException("strategy", "must be one of "
                + Arrays.stream(Strategy.values()).map(Strategy::parameter).collect(Collectors.joining(", "))));
    }
}
