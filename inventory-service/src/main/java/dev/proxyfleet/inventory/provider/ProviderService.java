package dev.proxyfleet.inventory.provider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.proxyfleet.contracts.EventType;
import dev.proxyfleet.contracts.ProviderStatus;
import dev.proxyfleet.inventory.SessionOutbox;
import dev.proxyfleet.inventory.audit.AuditTrail;
import dev.proxyfleet.inventory.audit.AuditedEntity;
import dev.proxyfleet.inventory.proxy.ProxyRepository;
import dev.proxyfleet.inventory.proxy.ProxyService;
import dev.proxyfleet.inventory.web.Constraints;
import dev.proxyfleet.inventory.web.MergePatch;
import dev.proxyfleet.messaging.Tx;
import dev.proxyfleet.web.ConflictException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.validation.Validator;
import jakarta.ws.rs.NotFoundException;
import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/** Provider changes, each stored with its contract event; deleting one with proxies needs an explicit cascade. */
@ApplicationScoped
public class ProviderService {

    /** The unique index on lower(name) in the migration. */
    private static final String NAME_INDEX = "provider_name_uq";

    private static final Set<String> PATCHABLE = Set.of("name", "serviceType", "monthlyCostPerProxy", "currency", "contactEmail", "status");

    private final ProviderRepository providers;
    private final ProxyRepository proxies;
    private final ProxyService proxyService;
    private final SessionOutbox outbox;
    private final AuditTrail audit;
    private final ObjectMapper mapper;
    private final Validator validator;

    public ProviderService(ProviderRepository providers, ProxyRepository proxies, ProxyService proxyService,
            SessionOutbox outbox, AuditTrail audit, ObjectMapper mapper, Validator validator) {
        this.providers = providers;
        this.proxies = proxies;
        this.proxyService = proxyService;
        this.outbox = outbox;
        this.audit = audit;
        this.mapper = mapper;
        this.validator = validator;
    }

    @WithSession
    public Uni<List<ProviderResponse>> list() {
        return proxies.countsByProvider().chain(counts -> providers.listAll(Sort.by("name")).map(all -> all.stream()
                .map(p -> ProviderResponse.from(p, counts.getOrDefault(p.id, ProxyRepository.Counts.NONE)))
                .toList()));
    }

    @WithSession
    public Uni<ProviderResponse> get(long id) {
        return find(id).chain(this::respond);
    }

    /** Creates a provider; a name in use answers 409 naming the existing provider, also when two creates race. */
    public Uni<ProviderResponse> create(ProviderRequest request, String actor) {
        return Constraints.unique(NAME_INDEX, outbox.inTransaction(() -> insert(request, actor)), () -> duplicateOf(request));
    }

    /** Replaces a provider; a name another provider has answers 409 as on create. */
    public Uni<ProviderResponse> replace(long id, ProviderRequest request, String actor) {
        return Constraints.unique(NAME_INDEX,
                outbox.inTransaction(() -> find(id).chain(provider -> update(provider, request, actor))),
                () -> duplicateOf(request));
    }

    /** Merge base and change share one transaction, so the version check catches a change made in between. */
    public Uni<ProviderResponse> patch(long id, JsonNode patch, String actor) {
        return outbox.inTransaction(() -> find(id).chain(provider -> MergePatch
                .apply(mapper, validator, ProviderRequest.of(provider), patch, PATCHABLE)
                .chain(request -> update(provider, request, actor))));
    }

    private Uni<ProviderResponse> insert(ProviderRequest request, String actor) {
        Provider provider = new Provider();
        return apply(provider, request)
                .chain(() -> providers.persistAndFlush(provider))
                .chain(() -> audit.created(AuditedEntity.PROVIDER, provider.id, provider, actor))
                .chain(() -> outbox.append(EventType.PROVIDER_CREATED, provider.toEventData()))
                .chain(() -> respond(provider));
    }

    private Uni<ProviderResponse> update(Provider provider, ProviderRequest request, String actor) {
        long versionBefore = provider.version;
        JsonNode before = audit.snapshot(provider);
        return apply(provider, request)
                .chain(providers::flush)
                .chain(() -> provider.version != versionBefore
                        ? audit.updated(AuditedEntity.PROVIDER, provider.id, before, provider, actor)
                                .chain(() -> outbox.append(EventType.PROVIDER_UPDATED, provider.toEventData()))
                        : Uni.createFrom().voidItem())
                .chain(() -> respond(provider));
    }

    /**
     * Deletes a provider. With proxies left it answers 409 unless {@code cascade}, which deletes them first (each
     * with its {@code proxy.deleted} event).
     */
    public Uni<Void> delete(long id, boolean cascade, String actor) {
        return outbox.inTransaction(() -> find(id).chain(provider -> proxyService.ofProvider(id).chain(owned -> {
            if (!owned.isEmpty() && !cascade) {
                return Uni.createFrom().failure(new ConflictException("provider " + id + " still has " + owned.size()
                        + " proxies; delete them first or use ?cascade=true"));
            }
            return Tx.each(owned, proxy -> proxyService.delete(proxy, actor))
                    .chain(proxies::flush)
                    .chain(() -> audit.deleted(AuditedEntity.PROVIDER, provider.id, provider, actor))
                    .chain(() -> outbox.append(EventType.PROVIDER_DELETED, provider.toDeletedEventData()))
                    .chain(() -> providers.delete(provider));
        })));
    }

    /** The 409 for a request whose name a concurrent request took first. */
    private Uni<ConflictException> duplicateOf(ProviderRequest request) {
        String name = request.name().trim();
        return Panache.withSession(() -> providers.findByName(name))
                .map(winner -> duplicate(name, winner == null ? null : winner.id));
    }

    private static ConflictException duplicate(String name, Long existingId) {
        return new ConflictException("provider '" + name + "' already exists as id " + existingId, existingId);
    }

    private Uni<Provider> find(long id) {
        return providers.findById(id).onItem().ifNull()
                .failWith(() -> new NotFoundException("provider " + id + " does not exist"));
    }

    private Uni<ProviderResponse> respond(Provider provider) {
        return proxies.countsByProvider().map(counts -> ProviderResponse.from(provider,
                counts.getOrDefault(provider.id, ProxyRepository.Counts.NONE)));
    }

    private Uni<Void> apply(Provider provider, ProviderRequest request) {
        String name = request.name().trim();
        return providers.findByName(name)
                .invoke(existing -> {
                    if (existing != null && !existing.id.equals(provider.id)) {
                        throw duplicate(name, existing.id);
                    }
                })
                .invoke(() -> assign(provider, request, name))
                .replaceWithVoid();
    }

    private static void assign(Provider provider, ProviderRequest request, String name) {
        provider.name = name;
        provider.serviceType = request.serviceType();
        // The column's scale, so a response, the stored row and the event all say the same "2.5000".
        provider.monthlyCostPerProxy = Objects.requireNonNullElse(request.monthlyCostPerProxy(), BigDecimal.ZERO).setScale(4);
        provider.currency = Objects.requireNonNullElse(request.currency(), "USD");
        provider.contactEmail = request.contactEmail();
        provider.status = Objects.requireNonNullElse(request.status(), ProviderStatus.ACTIVE);
    }
}
