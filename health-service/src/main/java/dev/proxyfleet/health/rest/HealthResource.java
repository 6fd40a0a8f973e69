package dev.proxyfleet.health.rest;

import dev.proxyfleet.health.probe.ExitIpCheck;
import dev.proxyfleet.health.probe.HealthClassifier;
import dev.proxyfleet.health.probe.ProbeTarget;
import dev.proxyfleet.health.probe.Prober;
import dev.proxyfleet.health.schedule.ProbeSchedule;
import dev.proxyfleet.health.state.HealthRecorder;
import dev.proxyfleet.health.state.HealthStore;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.vertx.UniHelper;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.jboss.resteasy.reactive.RestPath;

/** Proxies' health over REST: the whole fleet, one proxy with its recent log, and a probe on demand. */
@Path("/api/health/proxies")
@Produces(MediaType.APPLICATION_JSON)
public class HealthResource {

    private static final int LOG_ENTRIES = 50;

    private final HealthQueries queries;
    private final ProbeSchedule schedule;
    private final HealthStore store;
    private final Prober prober;
    private final HealthClassifier classifier;
    private final ExitIpCheck exitIps;
    private final HealthRecorder recorder;

    public HealthResource(HealthQueries queries, ProbeSchedule schedule, HealthStore store, Prober prober,
            HealthClassifier classifier, ExitIpCheck exitIps, HealthRecorder recorder) {
        this.queries = queries;
        this.schedule = schedule;
        this.store = store;
        this.prober = prober;
        this.classifier = classifier;
        this.exitIps = exitIps;
        this.recorder = recorder;
    }

    @GET
    public Uni<List<HealthView>> list(
            @QueryParam("state") @Pattern(regexp = "unknown|healthy|degraded|failed") String state,
            @QueryParam("limit") @DefaultValue("10000") @Min(1) @Max(100000) int limit) {
        return queries.all(state, limit);
    }

    /**
     * One proxy's health with its latest 50 results, newest first: probes and reported uses, or only those of one
     * {@code source} (the dashboard draws the latency of the last 50 probes).
     */
    @APIResponse(responseCode = "200")
    @APIResponse(responseCode = "404", description = "The proxy has not been probed yet.")
    @GET
    @Path("/{id}")
    public Uni<HealthView> one(@RestPath long id,
            @QueryParam("source") @Pattern(regexp = "probe|usage") String source) {
        return queries.one(id, source, LOG_ENTRIES)
                .map(view -> view.orElseThrow(() -> new NotFoundException("proxy " + id + " has not been probed yet")));
    }

    /**
     * Probes now, records the result like a scheduled probe (log, events) and answers the proxy's new health. A working
     * proxy's exit IP is checked too, whenever its last check was (when the check is on). The prober's own timer ends
     * every request within the timeout, so the answer comes within it (twice with the exit-IP check) plus the writes.
     */
    @APIResponse(responseCode = "200")
    @APIResponse(responseCode = "404", description = "The proxy is not known here: not received from proxy-inventory,"
            + " or not enabled.")
    @POST
    @Path("/{id}/probe")
    public Uni<HealthView> probe(@RestPath long id) {
        Optional<ProbeTarget> owned = schedule.target(id);
        return (owned.isPresent() ? Uni.createFrom().item(owned) : store.target(id))
                .map(known -> known.orElseThrow(() -> new NotFoundException("proxy " + id + " is not known here yet:"
                        + " health-service learns enabled proxies from proxy-inventory and has neither received nor"
                        + " probed this one")))
                .chain(target -> UniHelper.toUni(prober.probe(target)).map(classifier::classify)
                        .chain(verdict -> (exitIps.follows(verdict) ? UniHelper.toUni(exitIps.read(target))
                                : Uni.createFrom().<String>nullItem())
                                .chain(exitIp -> recorder.recordProbe(new HealthRecorder.Probe(target, verdict, exitIp)))))
                .chain(() -> one(id, null));
    }
}
