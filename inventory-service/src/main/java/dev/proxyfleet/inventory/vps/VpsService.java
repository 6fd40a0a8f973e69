package dev.proxyfleet.inventory.vps;

import com.fasterxml.jackson.databind.JsonNode;
import dev.proxyfleet.inventory.audit.AuditTrail;
import dev.proxyfleet.inventory.audit.AuditedEntity;
import dev.proxyfleet.inventory.proxy.ProxyRepository;
import dev.proxyfleet.inventory.web.Constraints;
import dev.proxyfleet.web.ConflictException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.NotFoundException;
import java.util.List;

/** VPS hosts: unique names; one that proxies still name cannot be deleted. Each change is audited in its transaction. */
@ApplicationScoped
public class VpsService {

    /** The unique index on lower(name) in the migration. */
    private static final String NAME_INDEX = "vps_name_uq";

    private final VpsRepository vpsHosts;
    private final ProxyRepository proxies;
    private final AuditTrail audit;

    public VpsService(VpsRepository vpsHosts, ProxyRepository proxies, AuditTrail audit) {
        this.vpsHosts = vpsHosts;
        this.proxies = proxies;
        this.audit = audit;
    }

    @WithSession
    public Uni<List<VpsResponse>> list() {
        return vpsHosts.listAll(Sort.by("name")).chain(all -> Multi.createFrom().iterable(all)
                .onItem().transformToUniAndConcatenate(this::respond)
                .collect().asList());
    }

    @WithSession
    public Uni<VpsResponse> get(long id) {
        return find(id).chain(this::respond);
    }

    /** Creates a VPS host; a name in use answers 409 naming the existing host, also when two creates race. */
    public Uni<VpsResponse> create(VpsRequest request, String actor) {
        return Constraints.unique(NAME_INDEX, Panache.withTransaction(() -> {
            Vps vps = new Vps();
            return apply(vps, request)
                    .chain(() -> vpsHosts.persistAndFlush(vps))
                    .chain(() -> audit.created(AuditedEntity.VPS, vps.id, vps, actor))
                    .chain(() -> respond(vps));
        }), () -> duplicateOf(request));
    }

    /** Replaces a VPS host; a name another host has answers 409 as on create. */
    public Uni<VpsResponse> replace(long id, VpsRequest request, String actor) {
        return Constraints.unique(NAME_INDEX, Panache.withTransaction(() -> find(id).chain(vps -> {
            JsonNode before = audit.snapshot(vps);
            return apply(vps, request)
                    .chain(vpsHosts::flush)
                    .chain(() -> audit.updated(AuditedEntity.VPS, vps.id, before, vps, actor))
                    .chain(() -> respond(vps));
        })), () -> duplicateOf(request));
    }

    public Uni<Void> delete(long id, String actor) {
        return Panache.withTransaction(() -> find(id).chain(vps -> proxies.count("vpsId", id).chain(used -> used > 0
                ? Uni.createFrom().failure(
                        new ConflictException("VPS host " + id + " is named by " + used + " proxies; move them first"))
                : audit.deleted(AuditedEntity.VPS, vps.id, vps, actor).chain(() -> vpsHosts.delete(vps)))));
    }

    /** The 409 for a request whose name a concurrent request took first. */
    private Uni<ConflictException> duplicateOf(VpsRequest request) {
        String name = request.name().trim();
        return Panache.withSession(() -> vpsHosts.findByName(name))
                .map(winner -> duplicate(name, winner == null ? null : winner.id));
    }

    private static ConflictException duplicate(String name, Long existingId) {
        return new ConflictException("VPS host '" + name + "' already exists as id " + existingId, existingId);
    }

    private Uni<Vps> find(long id) {
        return vpsHosts.findById(id).onItem().ifNull()
                .failWith(() -> new NotFoundException("VPS host " + id + " does not exist"));
    }

    private Uni<VpsResponse> respond(Vps vps) {
        return (vps.id == null ? Uni.createFrom().item(0L) : proxies.count("vpsId", vps.id))
                .map(used -> VpsResponse.from(vps, used));
    }

    private Uni<Void> apply(Vps vps, VpsRequest request) {
        String name = request.name().trim();
        return vpsHosts.findByName(name)
                .invoke(existing -> {
                    if (existing != null && !existing.id.equals(vps.id)) {
                        throw duplicate(name, existing.id);
                    }
                })
                .invoke(() -> {
                    vps.name = name;
                    vps.environment = request.environment();
                    vps.address = request.address();
                    vps.notes = request.notes();
                })
                .replaceWithVoid();
    }
}
