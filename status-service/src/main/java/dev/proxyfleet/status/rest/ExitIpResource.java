package dev.proxyfleet.status.rest;

import dev.proxyfleet.status.model.ExitIpGroup;
import dev.proxyfleet.status.model.FleetModel;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/**
 * {@code GET /api/proxies/duplicates-by-exit-ip} (viewers): the proxies that share an exit IP, grouped by it, from the
 * in-memory model. Exit IPs come from health-service's exit-IP check; without it every proxy's is unknown and the answer
 * is empty.
 */
@Path("/api/proxies/duplicates-by-exit-ip")
@Produces(MediaType.APPLICATION_JSON)
public class ExitIpResource {

    private final FleetModel model;

    public ExitIpResource(FleetModel model) {
        this.model = model;
    }

    @GET
    public List<ExitIpGroup> duplicates() {
        return ExitIpGroup.of(model.snapshot().all());
    }
}
