package dev.proxyfleet.assignment.rest;

import dev.proxyfleet.assignment.engine.Capacity;
import dev.proxyfleet.assignment.engine.Consolidation;
import dev.proxyfleet.assignment.engine.ProxyStore;
import dev.proxyfleet.assignment.engine.RetryingTransactions;
import dev.proxyfleet.security.Caller;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * Where the fleet's free slots are usable and where the one-model rule strands them, and the consolidation that frees
 * whole proxies for waiting models. Reading needs the viewer role; consolidating, dry run included, the operator role
 * (the rule for every change of the API). A consolidation is never run by itself: each move changes an account's IP.
 */
@Path("/api/capacity")
@Produces(MediaType.APPLICATION_JSON)
public class CapacityResource {

    private final ProxyStore proxies;
    private final Consolidation consolidation;
    private final RetryingTransactions transactions;
    private final Caller caller;

    public CapacityResource(ProxyStore proxies, Consolidation consolidation, RetryingTransactions transactions, Caller caller) {
        this.proxies = proxies;
        this.consolidation = consolidation;
        this.transactions = transactions;
        this.caller = caller;
    }

    @GET
    public Uni<Capacity> capacity() {
        return proxies.capacity();
    }

    /**
     * Proposes ({@code dryRun=true}) or makes the moves that empty whole proxies for the models that wait, fewest moves
     * first; the moves are recorded with the caller as actor. 409 when the fleet changed between planning and locking.
     */
    @APIResponse(responseCode = "200")
    @APIResponse(responseCode = "409", description = "The fleet changed while the consolidation was planned; nothing"
            + " was moved.")
    @POST
    @Path("/consolidate")
    public Uni<Consolidation.Outcome> consolidate(@QueryParam("dryRun") @DefaultValue("false") boolean dryRun) {
        if (dryRun) {
            return transactions.run(consolidation::propose);
        }
        return caller.actor().chain(actor -> transactions.run(tx -> consolidation.apply(tx, actor)));
    }
}
