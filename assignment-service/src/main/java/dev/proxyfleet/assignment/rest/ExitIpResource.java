package dev.proxyfleet.assignment.rest;

import dev.proxyfleet.assignment.engine.ExitIps;
import dev.proxyfleet.assignment.engine.ExitIps.ExitIp;
import dev.proxyfleet.assignment.engine.RetryingTransactions;
import dev.proxyfleet.contracts.EventData;
import dev.proxyfleet.security.Caller;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.jboss.resteasy.reactive.RestPath;

/**
 * The exit IPs the fleet's proxies leave through, as health-service's exit-IP check read them: proxies of one address
 * are one proxy for the upstream, so they hold accounts of one model together, and at most the limit an operator sets
 * for the address. Reading needs the viewer role, setting a limit the operator role.
 */
@Path("/api/exit-ips")
@Produces(MediaType.APPLICATION_JSON)
public class ExitIpResource {

    /** The body of {@code PUT /api/exit-ips/{address}}. */
    public record Limit(
            @Schema(description = "At most this many accounts on all the proxies of the address together; null: no"
                    + " limit beyond each proxy's `maxAccounts`.", nullable = true) @Min(1) Integer maxAccounts) {
    }

    private static final String UNKNOWN = "No proxy leaves through the address (as far as health-service read).";

    private final ExitIps exitIps;
    private final RetryingTransactions transactions;
    private final Caller caller;

    public ExitIpResource(ExitIps exitIps, RetryingTransactions transactions, Caller caller) {
        this.exitIps = exitIps;
        this.transactions = transactions;
        this.caller = caller;
    }

    @GET
    public Uni<List<ExitIp>> list(@QueryParam("shared") @DefaultValue("false") boolean shared) {
        return exitIps.list(shared);
    }

    @APIResponse(responseCode = "200")
    @APIResponse(responseCode = "404", description = UNKNOWN)
    @GET
    @Path("/{address}")
    public Uni<ExitIp> get(@RestPath @Pattern(regexp = EventData.IP_LITERAL_PATTERN, message = "must be an IP address")
            String address) {
        return exitIps.find(address).map(found -> found.orElseThrow(() -> unknown(address)));
    }

    /**
     * Sets the address's limit; the accounts beyond a lower one move to other proxies (those bound last first), or
     * wait for room, recorded with the caller as actor.
     */
    @APIResponse(responseCode = "200")
    @APIResponse(responseCode = "404", description = UNKNOWN)
    @PUT
    @Path("/{address}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<ExitIp> limit(@RestPath @Pattern(regexp = EventData.IP_LITERAL_PATTERN, message = "must be an IP address")
            String address, @NotNull @Valid Limit limit) {
        return caller.actor().chain(actor -> transactions.run(tx -> exitIps.limit(tx, address, limit.maxAccounts(), actor)))
                .map(found -> found.orElseThrow(() -> unknown(address)));
    }

    private static NotFoundException unknown(String address) {
        return new NotFoundException("no proxy leaves through exit IP " + address);
    }
}
