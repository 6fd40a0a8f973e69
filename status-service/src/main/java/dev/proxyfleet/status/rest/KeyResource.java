package dev.proxyfleet.status.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.proxyfleet.status.selection.KeyExhaustion;
import dev.proxyfleet.status.selection.KeySecrets;
import dev.proxyfleet.status.selection.KeySelector;
import dev.proxyfleet.status.selection.ProxyCredentials;
import dev.proxyfleet.status.selection.SelectionDecisions;
import dev.proxyfleet.status.selection.SelectionSettings;
import dev.proxyfleet.web.InvalidFieldException;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.jboss.resteasy.reactive.RestPath;

/**
 * API keys for their consumers (role {@code consumer}): {@code GET /api/keys/next} hands out a usable key of a pool
 * ({@link KeySelector}), with {@code includeSecret=true} also its secret and its proxy's URL with the proxy's
 * credentials, the answer's only secrets; {@code POST /api/keys/{id}/exhausted} takes a key out of rotation until an instant.
 */
@Path("/api/keys")
@Produces(MediaType.APPLICATION_JSON)
public class KeyResource {

    private final KeySelector selector;
    private final KeySecrets secrets;
    private final ProxyCredentials credentials;
    private final KeyExhaustion exhaustion;
    private final SelectionSettings config;
    private final CurrentIdentityAssociation identity;
    private final SelectionDecisions decisions;

    public KeyResource(KeySelector selector, KeySecrets secrets, ProxyCredentials credentials, KeyExhaustion exhaustion,
            SelectionSettings config, CurrentIdentityAssociation identity, SelectionDecisions decisions) {
        this.selector = selector;
        this.secrets = secrets;
        this.credentials = credentials;
        this.exhaustion = exhaustion;
        this.config = config;
        this.identity = identity;
        this.decisions = decisions;
    }

    /** A key handed out; {@code secret} and {@code proxyUrl} only when asked for with the consumer role. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record HandedKey(long keyId, long proxyId, String name, String pool, String secret, String proxyUrl) {

        static HandedKey of(KeySelector.Choice choice) {
            return new HandedKey(choice.key().id(), choice.proxy().id(), choice.key().name(), choice.key().pool(), null,
                    null);
        }

        HandedKey withSecrets(String secret, String proxyUrl) {
            return new HandedKey(keyId, proxyId, name, pool, secret, proxyUrl);
        }
    }

    /** How long a key is exhausted, e.g. until the upstream's rate limit resets. */
    public record Exhausted(Instant until) {
    }

    /**
     * The next usable key of the pool, or {@code {"direct": true}} while the proxy system is disabled, or when none is
     * usable and fallback to direct is on ({@link SelectionSettings}); else 404 with the reason.
     */
    @APIResponse(responseCode = "200", description = "The key (`keyId`, `proxyId`, with `includeSecret=true` also `secret`"
            + " and `proxyUrl`), or `{\"direct\": true}` where fallback to direct is on or the proxy system is disabled.")
    @APIResponse(responseCode = "404", description = "No usable key in the pool; `detail` says why.")
    @GET
    @Path("/next")
    public Uni<Object> next(@QueryParam("pool") String pool, @QueryParam("includeSecret") boolean includeSecret) {
        if (pool == null || pool.isBlank()) {
            throw new InvalidFieldException("pool", "is required");
        }
        return identity.getDeferredIdentity().chain(caller -> next(caller, pool, includeSecret));
    }

    /** Only consumers reach this route (application.properties), so every caller may have the secret. */
    private Uni<Object> next(SecurityIdentity caller, String pool, boolean includeSecret) {
        if (!config.proxySystemEnabled()) {
            decisions.disabled("a key of pool '" + pool + "'");
            return Uni.createFrom().item(BestProxyResource.DIRECT);
        }
        Instant now = Instant.now();
        Optional<KeySelector.Choice> chosen = selector.next(pool, now);
        if (chosen.isPresent()) {
            KeySelector.Choice choice = chosen.get();
            decisions.keySelected(pool, choice, now);
            HandedKey key = HandedKey.of(choice);
            if (!includeSecret) {
                return Uni.createFrom().item(key);
            }
            String name = caller.getPrincipal().getName();
            return secrets.secret(key.keyId(), key.proxyId(), name).chain(secret -> credentials
                    .proxyUrl(choice.proxy(), name).map(url -> key.withSecrets(secret, url)));
        }
        if (config.fallbackToDirect()) {
            decisions.keyDirect(pool, now);
            return Uni.createFrom().item(BestProxyResource.DIRECT);
        }
        decisions.keyNotFound(pool, now);
        throw new NotFoundException(selector.reason(pool, now));
    }

    /** 204 once the key is skipped; 404 for a key the read model does not hold. */
    @APIResponse(responseCode = "204", description = "The key is skipped until then.")
    @APIResponse(responseCode = "404", description = "No key has this id.")
    @POST
    @Path("/{id}/exhausted")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> exhausted(@RestPath long id, Exhausted body) {
        if (body == null || body.until() == null) {
            throw new InvalidFieldException("until", "is required (an instant, e.g. 2025-03-14T10:00:00Z)");
        }
        return exhaustion.exhausted(id, body.until()).map(done -> Response.noContent().build());
    }
}
