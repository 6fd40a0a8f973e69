package dev.proxyfleet.assignment.rest;

import dev.proxyfleet.assignment.engine.AccountLifecycle;
import dev.proxyfleet.assignment.engine.Placement;
import dev.proxyfleet.assignment.engine.Transactions;
import dev.proxyfleet.contracts.AssignmentReason;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;
import org.jboss.resteasy.reactive.RestPath;

/**
 * Assignments over REST: what is bound where, manual assignment and release, the pending queue, and the history.
 * Changes made here are recorded with the authenticated caller as actor: the API token's name or the OIDC token's
 * principal claim ({@code sub} unless configured otherwise, see docs/security.md). Nothing the client sends besides its
 * token names the actor, so no caller can record a change in someone else's name.
 */
@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
public class AssignmentResource {

    private final AccountLifecycle accounts;
    private final Placement placement;
    private final AssignmentQueries queries;
    private final SecurityIdentity caller;

    public AssignmentResource(AccountLifecycle accounts, Placement placement, AssignmentQueries queries,
            SecurityIdentity caller) {
        this.accounts = accounts;
        this.placement = placement;
        this.queries = queries;
        this.caller = caller;
    }

    @GET
    @Path("/assignments")
    public List<AssignmentView> list(@QueryParam("proxyId") Long proxyId,
            @QueryParam("modelId") @ExternalId String modelId,
            @QueryParam("accountId") @ExternalId String accountId,
            @QueryParam("limit") @DefaultValue("1000") @Min(1) @Max(10000) int limit) {
        return queries.assignments(proxyId, modelId, accountId, limit);
    }

    @GET
    @Path("/accounts/{accountId}/proxy")
    public AssignmentView accountProxy(@RestPath @ExternalId String accountId) {
        return queries.account(accountId).orElseThrow(() -> new NotFoundException("account " + accountId + " is not known"));
    }

    /** Assigns or reassigns; 409 names the broken rule, e.g. {@code rule 1: proxy 7 holds 3 of 3}. */
    @POST
    @Path("/assignments")
    @Consumes(MediaType.APPLICATION_JSON)
    public AssignmentView assign(@Valid AssignRequest request) {
        String actor = actor();
        return AssignmentView.from(Transactions.retrying(() ->
                accounts.assignManually(request.accountId(), request.modelId(), request.proxyId(), actor)));
    }

    @DELETE
    @Path("/assignments/{accountId}")
    public Response release(@RestPath @ExternalId String accountId) {
        String actor = actor();
        accountProxy(accountId);
        Transactions.retrying(() -> {
            accounts.ended(accountId, AssignmentReason.MANUAL, actor);
            return null;
        });
        return Response.noContent().build();
    }

    @GET
    @Path("/assignments/pending")
    public List<AssignmentView> pending(@QueryParam("limit") @DefaultValue("1000") @Min(1) @Max(10000) int limit) {
        return queries.pending(limit);
    }

    @POST
    @Path("/assignments/auto")
    public Map<String, Integer> assignPending() {
        return Map.of("assigned", Transactions.retrying(accounts::assignAllPending));
    }

    @GET
    @Path("/proxies/available")
    public List<AvailableProxy> available(@QueryParam("modelId") @NotNull @ExternalId String modelId) {
        return queries.available(modelId);
    }

    @POST
    @Path("/proxies/{id}/release")
    public Map<String, Integer> releaseProxy(@RestPath long id) {
        String actor = actor();
        return Map.of("moved", Transactions.retrying(() -> placement.moveAllOff(id, AssignmentReason.MANUAL, actor)));
    }

    @GET
    @Path("/assignments/history")
    public List<HistoryEntry> history(@QueryParam("accountId") @ExternalId String accountId,
            @QueryParam("proxyId") Long proxyId,
            @QueryParam("limit") @DefaultValue("500") @Min(1) @Max(10000) int limit) {
        return queries.history(accountId, proxyId, limit);
    }

    /**
     * The caller's principal name. An OIDC token without the configured principal claim has none; its change is refused
     * rather than recorded under no name.
     */
    private String actor() {
        String name = caller.getPrincipal().getName();
        if (name == null || name.isBlank()) {
            throw new ForbiddenException("the token names no principal, so a change could not be attributed");
        }
        return name;
    }
}
