package dev.proxyfleet.assignment.rest;

import dev.proxyfleet.assignment.engine.AccountLifecycle;
import dev.proxyfleet.assignment.engine.AccountStore;
import dev.proxyfleet.assignment.engine.AvailableProxy;
import dev.proxyfleet.assignment.engine.HistoryEntry;
import dev.proxyfleet.assignment.engine.HistoryFilter;
import dev.proxyfleet.assignment.engine.HistoryStore;
import dev.proxyfleet.assignment.engine.Placement;
import dev.proxyfleet.assignment.engine.ProxyStore;
import dev.proxyfleet.assignment.engine.RetryingTransactions;
import dev.proxyfleet.assignment.engine.UnknownAccountException;
import dev.proxyfleet.contracts.AssignmentReason;
import dev.proxyfleet.security.Caller;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.jboss.resteasy.reactive.RestPath;

/**
 * Assignments over REST: what is bound where, manual assignment and release, the pending queue, and the history.
 * Changes made here are recorded with the authenticated caller as actor (see {@link Caller}).
 */
@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
public class AssignmentResource {

    private final AccountLifecycle lifecycle;
    private final Placement placement;
    private final RetryingTransactions transactions;
    private final AccountStore accounts;
    private final ProxyStore proxies;
    private final HistoryStore history;
    private final Caller caller;

    public AssignmentResource(AccountLifecycle lifecycle, Placement placement, RetryingTransactions transactions,
            AccountStore accounts, ProxyStore proxies, HistoryStore history, Caller caller) {
        this.lifecycle = lifecycle;
        this.placement = placement;
        this.transactions = transactions;
        this.accounts = accounts;
        this.proxies = proxies;
        this.history = history;
        this.caller = caller;
    }

    @GET
    @Path("/assignments")
    public Uni<List<AssignmentView>> list(@QueryParam("proxyId") Long proxyId,
            @QueryParam("modelId") @ExternalId String modelId,
            @QueryParam("accountId") @ExternalId String accountId,
            @QueryParam("limit") @DefaultValue("1000") @Min(1) @Max(10000) int limit) {
        return accounts.bound(proxyId, modelId, accountId, limit).map(AssignmentView::all);
    }

    @APIResponse(responseCode = "200")
    @APIResponse(responseCode = "404", description = "The account is not known.")
    @GET
    @Path("/accounts/{accountId}/proxy")
    public Uni<AssignmentView> accountProxy(@RestPath @ExternalId String accountId) {
        return accounts.find(accountId).map(found -> AssignmentView.from(found.orElseThrow(() ->
                new UnknownAccountException("account " + accountId + " is not known"))));
    }

    /** Assigns or reassigns; 409 names the broken rule, e.g. {@code rule 1: proxy 7 holds 3 of 3}. */
    @APIResponse(responseCode = "200")
    @APIResponse(responseCode = "404", description = "The account is not known and the request gives no `modelId` to"
            + " create it.")
    @APIResponse(responseCode = "409", description = "A rule forbids the binding (`detail` names it, e.g. `rule 1:"
            + " proxy 7 holds 3 of 3`), or no other proxy has room for the account's model.")
    @POST
    @Path("/assignments")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<AssignmentView> assign(@Valid AssignRequest request) {
        return caller.actor().chain(actor -> transactions.run(tx ->
                        lifecycle.assignManually(tx, request.accountId(), request.modelId(), request.proxyId(), actor)))
                .map(AssignmentView::from);
    }

    @APIResponse(responseCode = "204", description = "Released.")
    @APIResponse(responseCode = "404", description = "The account is not known.")
    @DELETE
    @Path("/assignments/{accountId}")
    public Uni<Response> release(@RestPath @ExternalId String accountId) {
        return caller.actor().chain(actor -> accountProxy(accountId)
                        .chain(view -> transactions.run(tx -> lifecycle.ended(tx, accountId, AssignmentReason.MANUAL, actor))))
                .map(released -> Response.noContent().build());
    }

    @GET
    @Path("/assignments/pending")
    public Uni<List<AssignmentView>> pending(@QueryParam("limit") @DefaultValue("1000") @Min(1) @Max(10000) int limit) {
        return accounts.pending(limit).map(AssignmentView::all);
    }

    @POST
    @Path("/assignments/auto")
    public Uni<Map<String, Integer>> assignPending() {
        return transactions.run(lifecycle::assignAllPending).map(assigned -> Map.of("assigned", assigned));
    }

    @GET
    @Path("/proxies/available")
    public Uni<List<AvailableProxy>> available(@QueryParam("modelId") @NotNull @ExternalId String modelId) {
        return proxies.available(modelId);
    }

    @POST
    @Path("/proxies/{id}/release")
    public Uni<Map<String, Integer>> releaseProxy(@RestPath long id) {
        return caller.actor().chain(actor -> transactions.run(tx -> placement.moveAllOff(tx, id, AssignmentReason.MANUAL, actor)))
                .map(moved -> Map.of("moved", moved));
    }

    @GET
    @Path("/assignments/history")
    public Uni<List<HistoryEntry>> history(@QueryParam("accountId") @ExternalId String accountId,
            @QueryParam("proxyId") Long proxyId,
            @QueryParam("limit") @DefaultValue("500") @Min(1) @Max(10000) int limit) {
        return history.history(HistoryFilter.of(accountId, proxyId), limit);
    }
}
