package dev.proxyfleet.inventory.provider;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.proxyfleet.contracts.EventType;
import dev.proxyfleet.contracts.ProviderStatus;
import dev.proxyfleet.messaging.Outbox;
import dev.proxyfleet.inventory.proxy.Proxy;
import dev.proxyfleet.inventory.proxy.ProxyRepository;
import dev.proxyfleet.inventory.proxy.ProxyService;
import dev.proxyfleet.web.ConflictException;
import dev.proxyfleet.inventory.web.MergePatch;
import dev.proxyfleet.inventory.web.UniqueIndex;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import jakarta.validation.Validator;
import jakarta.ws.rs.NotFoundException;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
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
    private final Outbox outbox;
    private final ObjectMapper mapper;
    private final Validator validator;

    public ProviderService(ProviderRepository providers, ProxyRepository proxies, ProxyService proxyService,
            Outbox outbox, ObjectMapper mapper, Validator validator) {
        this.providers = providers;
        this.proxies = proxies;
        this.proxyService = proxyService;
        this.outbox = outbox;
        this.mapper = mapper;
        this.validator = validator;
    }

    public List<ProviderResponse> list() {
        Map<Long, ProxyRepository.Counts> counts = proxies.countsByProvider();
        return providers.listAll(Sort.by("name")).stream()
                .map(p -> ProviderResponse.from(p, counts.getOrDefault(p.id, ProxyRepository.Counts.NONE)))
                .toList();
    }

    public ProviderResponse get(long id) {
        return respond(find(id));
    }

    /** Creates a provider; a name in use answers 409 naming the existing provider, also when two creates race. */
    public ProviderResponse create(ProviderRequest request) {
        return UniqueIndex.guard(NAME_INDEX, () -> insert(request), () -> duplicateOf(request));
    }

    /** Replaces a provider; a name another provider has answers 409 as on create. */
    public ProviderResponse replace(long id, ProviderRequest request) {
        return UniqueIndex.guard(NAME_INDEX, () -> update(id, request), () -> duplicateOf(request));
    }

    /** Merge base and change share one transaction, so the version check catches a change made in between. */
    @Transactional
    public ProviderResponse patch(long id, JsonNode patch) throws JsonProcessingException {
        return update(id, MergePatch.apply(mapper, validator, ProviderRequest.of(find(id)), patch, PATCHABLE));
    }

    private ProviderResponse insert(ProviderRequest request) {
        Provider provider = new Provider();
        apply(provider, request);
        providers.persist(provider);
        providers.flush();
        outbox.append(EventType.PROVIDER_CREATED, provider.toEventData());
        return respond(provider);
    }

    private ProviderResponse update(long id, ProviderRequest request) {
        Provider provider = find(id);
        long versionBefore = provider.version;
        apply(provider, request);
        providers.flush();
        if (provider.version != versionBefore) {
            outbox.append(EventType.PROVIDER_UPDATED, provider.toEventData());
        }
        return respond(provider);
    }

    /**
     * Deletes a provider. With proxies left it answers 409 unless {@code cascade}, which deletes them first (each
     * with its {@code proxy.deleted} event).
     */
    @Transactional
    public void delete(long id, boolean cascade) {
        Provider provider = find(id);
        List<Proxy> owned = proxyService.ofProvider(id);
        if (!owned.isEmpty() && !cascade) {
            throw new ConflictException("provider " + id + " still has " + owned.size()
                    + " proxies; delete them first or use ?cascade=true");
        }
        owned.forEach(proxyService::delete);
        proxies.flush();
        outbox.append(EventType.PROVIDER_DELETED, provider.toDeletedEventData());
        providers.delete(provider);
    }

    /** The 409 for a request whose name a concurrent request took first. */
    private ConflictException duplicateOf(ProviderRequest request) {
        String name = request.name().trim();
        return duplicate(name, providers.findByName(name).map(p -> p.id).orElse(null));
    }

    private static ConflictException duplicate(String name, Long existingId) {
        return new ConflictException("provider '" + name + "' already exists as id " + existingId, existingId);
    }

    private Provider find(long id) {
        return providers.findByIdOptional(id).orElseThrow(() -> new NotFoundException("provider " + id + " does not exist"));
    }

    private ProviderResponse respond(Provider provider) {
        return ProviderResponse.from(provider,
                proxies.countsByProvider().getOrDefault(provider.id, ProxyRepository.Counts.NONE));
    }

    private void apply(Provider provider, ProviderRequest request) {
        String name = request.name().trim();
        providers.findByName(name)
                .filter(existing -> !existing.id.equals(provider.id))
                .ifPresent(existing -> {
                    throw duplicate(name, existing.id);
                });
        provider.name = name;
        provider.serviceType = request.serviceType();
        // The column's scale, so a response, the stored row and the event all say the same "2.5000".
        provider.monthlyCostPerProxy = Objects.requireNonNullElse(request.monthlyCostPerProxy(), BigDecimal.ZERO).setScale(4);
        provider.currency = Objects.requireNonNullElse(request.currency(), "USD");
        provider.contactEmail = request.contactEmail();
        provider.status = Objects.requireNonNullElse(request.status(), ProviderStatus.ACTIVE);
    }
}
