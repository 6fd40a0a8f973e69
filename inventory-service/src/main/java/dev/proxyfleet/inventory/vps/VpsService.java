package dev.proxyfleet.inventory.vps;

import dev.proxyfleet.inventory.proxy.ProxyRepository;
import dev.proxyfleet.web.ConflictException;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.NotFoundException;
import java.util.List;

/** VPS hosts: unique names; one that proxies still name cannot be deleted. */
@ApplicationScoped
public class VpsService {

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

    @Transactional
    public VpsResponse create(VpsRequest request) {
        Vps vps = new Vps();
        apply(vps, request);
        vpsHosts.persist(vps);
        return respond(vps);
    }

    @Transactional
    public VpsResponse replace(long id, VpsRequest request) {
        Vps vps = find(id);
        apply(vps, request);
        vpsHosts.flush();
        return respond(vps);
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
                    throw new ConflictException("VPS host '" + name + "' already exists as id " + existing.id, existing.id);
                });
        vps.name = name;
        vps.environment = request.environment();
        vps.address = request.address();
        vps.notes = request.notes();
    }
}
