package dev.proxyfleet.inventory.vps;

import dev.proxyfleet.inventory.proxy.ProxyRepository;
import dev.proxyfleet.inventory.web.UniqueIndex;
import dev.proxyfleet.web.ConflictException;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.NotFoundException;
import java.util.List;

/** VPS hosts: unique names; one that proxies still name cannot be deleted. */
@ApplicationScoped
public class VpsService {

    /** The unique index on lower(name) in the migration. */
    private static final String NAME_INDEX = "vps_name_uq";

    private final VpsRepository vpsHosts;
    private final ProxyRepository proxies;

    public VpsService(VpsRepository vpsHosts, ProxyRepository proxies) {
        this.vpsHosts = vpsHosts;
        this.proxies = proxies;
    }

    public List<VpsResponse> list() {
        return vpsHosts.listAll(Sort.by("name")).stream().map(this::respond).toList();
    }

    public VpsResponse get(long id) {
        return respond(find(id));
    }

    /** Creates a VPS host; a name in use answers 409 naming the existing host, also when two creates race. */
    public VpsResponse create(VpsRequest request) {
        return UniqueIndex.guard(NAME_INDEX, () -> {
            Vps vps = new Vps();
            apply(vps, request);
            vpsHosts.persist(vps);
            return respond(vps);
        }, () -> duplicateOf(request));
    }

    /** Replaces a VPS host; a name another host has answers 409 as on create. */
    public VpsResponse replace(long id, VpsRequest request) {
        return UniqueIndex.guard(NAME_INDEX, () -> {
            Vps vps = find(id);
            apply(vps, request);
            vpsHosts.flush();
            return respond(vps);
        }, () -> duplicateOf(request));
    }

    @Transactional
    public void delete(long id) {
        Vps vps = find(id);
        long used = proxies.count("vpsId", id);
        if (used > 0) {
            throw new ConflictException("VPS host " + id + " is named by " + used + " proxies; move them first");
        }
        vpsHosts.delete(vps);
    }

    /** The 409 for a request whose name a concurrent request took first. */
    private ConflictException duplicateOf(VpsRequest request) {
        String name = request.name().trim();
        return duplicate(name, vpsHosts.findByName(name).map(v -> v.id).orElse(null));
    }

    private static ConflictException duplicate(String name, Long existingId) {
        return new ConflictException("VPS host '" + name + "' already exists as id " + existingId, existingId);
    }

    private Vps find(long id) {
        return vpsHosts.findByIdOptional(id).orElseThrow(() -> new NotFoundException("VPS host " + id + " does not exist"));
    }

    private VpsResponse respond(Vps vps) {
        return VpsResponse.from(vps, vps.id == null ? 0 : proxies.count("vpsId", vps.id));
    }

    private void apply(Vps vps, VpsRequest request) {
        String name = request.name().trim();
        vpsHosts.findByName(name)
                .filter(existing -> !existing.id.equals(vps.id))
                .ifPresent(existing -> {
                    throw duplicate(name, existing.id);
                });
        vps.name = name;
        vps.environment = request.environment();
        vps.address = request.address();
        vps.notes = request.notes();
    }
}
