package dev.proxyfleet.status.rest;

import dev.proxyfleet.status.location.LocationCheck;
import dev.proxyfleet.status.location.LocationMismatch;
import dev.proxyfleet.status.model.FleetModel;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * {@code GET /api/proxies/location-mismatches} (viewers): the proxies whose exit IP is in another country than their
 * {@code location} names, from the in-memory model. With the check off it answers 409, not an empty list that would
 * read as "every proxy is where it should be".
 */
@Path("/api/proxies/location-mismatches")
@Produces(MediaType.APPLICATION_JSON)
public class LocationMismatchResource {

    private final FleetModel model;
    private final LocationCheck check;

    public LocationMismatchResource(FleetModel model, LocationCheck check) {
        this.model = model;
        this.check = check;
    }

    @GET
    @APIResponse(responseCode = "200", description = "The mismatched proxies, by id; proxies whose exit country or"
            + " location's country is unknown are not among them.")
    @APIResponse(responseCode = "409", description = "The location check is off: no GeoIP database is configured"
            + " (`status.geoip-database`).")
    public List<LocationMismatch> mismatches() {
        if (!check.on()) {
            throw new WebApplicationException("the location check is off: no GeoIP database is configured"
                    + " (status.geoip-database)", Response.Status.CONFLICT);
        }
        return LocationMismatch.of(model.snapshot().all());
    }
}
