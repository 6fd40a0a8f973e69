package dev.proxyfleet.inventory.proxy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.proxyfleet.contracts.EventType;
import dev.proxyfleet.contracts.Topic;
import dev.proxyfleet.crypto.CredentialCipher;
import dev.proxyfleet.crypto.EncryptedSecret;
import dev.proxyfleet.messaging.Outbox;
import dev.proxyfleet.inventory.provider.ProviderRepository;
import dev.proxyfleet.inventory.vps.VpsRepository;
import dev.proxyfleet.web.ConflictException;
import dev.proxyfleet.web.InvalidFieldException;
import dev.proxyfleet.inventory.web.MergePatch;
import dev.proxyfleet.inventory.web.Page;
import dev.proxyfleet.inventory.web.UniqueIndex;
import io.quarkus.hibernate.orm.panache.PanacheQuery;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import jakarta.validation.Validator;
import jakarta.ws.rs.NotFoundException;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/** Proxy changes: each one is stored together with its contract event in one transaction. */
@ApplicationScoped
public class ProxyService {

    /** The unique index on (host, port, username) in the migration. */
    private static final String ENDPOINT_INDEX = "proxy_endpoint_uq";

    /** What PATCH may change; endpoint and credentials change through PUT. */
    static final Set<String> PATCHABLE = Set.of("enabled", "priority", "labels", "notes", "maxAccounts", "providerId", "vpsId", "location");

    private final ProxyRepository proxies;
    private final ProviderRepository providers;
    private final VpsRepository vpsHosts;
    private final CredentialCipher cipher;
    private final Outbox outbox;
    private final ObjectMapper mapper;
    private final Validator validator;

    public ProxyService(ProxyRepository proxies, ProviderRepository providers, VpsRepository vpsHosts,
            CredentialCipher cipher, Outbox outbox, ObjectMapper mapper, Validator validator) {
        this.proxies = proxies;
        this.providers = providers;
        this.vpsHosts = vpsHosts;
        this.cipher = cipher;
        this.outbox = outbox;
        this.mapper = mapper;
        this.validator = validator;
    }

    public Page<ProxyResponse> list(ProxyFilter filter, int page, int size, String sort) {
        PanacheQuery<Proxy> query = proxies.search(filter, sort).page(page, size);
        return new Page<>(query.list().stream().map(ProxyResponse::from).toList(), page, size, query.count());
    }

    public ProxyResponse get(long id) {
        return ProxyResponse.from(find(id));
    }

    /** Creates a proxy; a duplicate endpoint answers 409 naming the existing proxy, also when two creates race. */
    public ProxyResponse create(ProxyRequest request) {
        return UniqueIndex.guard(ENDPOINT_INDEX, () -> insert(request), () -> duplicateOf(request));
    }

    /** Replaces a proxy; an endpoint another proxy has answers 409 as on create. */
    public ProxyResponse replace(long id, ProxyRequest request) {
        return UniqueIndex.guard(ENDPOINT_INDEX, () -> update(id, request), () -> duplicateOf(request));
    }

    /** PATCH cannot change the endpoint, so it needs no guard; one transaction keeps the merge base current. */
    @Transactional
    public ProxyResponse patch(long id, JsonNode patch) throws JsonProcessingException {
        return update(id, MergePatch.apply(mapper, validator, ProxyRequest.of(find(id)), patch, PATCHABLE));
    }

    private ProxyResponse insert(ProxyRequest request) {
        Proxy proxy = new Proxy();
        apply(proxy, request);
        proxies.persist(proxy);
        proxies.flush();
        outbox.append(EventType.PROXY_CREATED, proxy.toEventData());
        return ProxyResponse.from(proxy);
    }

    private ProxyResponse update(long id, ProxyRequest request) {
        Proxy proxy = find(id);
        long versionBefore = proxy.version;
        apply(proxy, request);
        proxies.flush();
        if (proxy.version != versionBefore) {
            outbox.append(EventType.PROXY_UPDATED, proxy.toEventData());
        }
        return ProxyResponse.from(proxy);
    }

    /** The 409 for a request whose endpoint a concurrent request took first. */
    private ConflictException duplicateOf(ProxyRequest request) {
        String host = normalizeHost(request.host());
        String username = blankToNull(request.username());
        Long winner = proxies.findByEndpoint(host, request.port(), username).map(p -> p.id).orElse(null);
        return duplicate(host, request.port(), username, winner);
    }

    @Transactional
    public void delete(long id) {
        delete(find(id));
    }

    /** Deletes a proxy, emitting {@code proxy.deleted} and then a tombstone for compaction. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void delete(Proxy proxy) {
        outbox.append(EventType.PROXY_DELETED, proxy.toDeletedEventData());
        outbox.appendTombstone(Topic.PROXY_INVENTORY, proxy.id.toString());
        proxies.delete(proxy);
    }

    /** Proxies of one provider, for cascading deletes. */
    public List<Proxy> ofProvider(long providerId) {
        return proxies.list("providerId", providerId);
    }

    private Proxy find(long id) {
        return proxies.findByIdOptional(id).orElseThrow(() -> new NotFoundException("proxy " + id + " does not exist"));
    }

    private void apply(Proxy proxy, ProxyRequest request) {
        String host = normalizeHost(request.host());
        String username = blankToNull(request.username());
        proxies.findByEndpoint(host, request.port(), username)
                .filter(existing -> !existing.id.equals(proxy.id))
                .ifPresent(existing -> {
                    throw duplicate(host, request.port(), username, existing.id);
                });
        checkReferences(request.providerId(), request.vpsId());
        proxy.host = host;
        proxy.port = request.port();
        proxy.protocol = request.protocol();
        proxy.username = username;
        if (request.password() != null) {
            EncryptedSecret secret = request.password().isEmpty() ? null : cipher.encrypt(request.password());
            proxy.passwordCiphertext = secret == null ? null : secret.ciphertext();
            proxy.keyId = secret == null ? null : secret.keyId();
        }
        proxy.providerId = request.providerId();
        proxy.vpsId = request.vpsId();
        proxy.location = blankToNull(request.location());
        List<String> labels = request.labels() == null ? List.of() : request.labels().stream().map(String::trim).distinct().toList();
        if (!labels.equals(proxy.labels)) {
            proxy.labels = new java.util.ArrayList<>(labels);
        }
        proxy.priority = Objects.requireNonNullElse(request.priority(), 0);
        proxy.enabled = Objects.requireNonNullElse(request.enabled(), true);
        proxy.maxAccounts = Objects.requireNonNullElse(request.maxAccounts(), dev.proxyfleet.contracts.ProxyData.DEFAULT_MAX_ACCOUNTS);
        proxy.notes = blankToNull(request.notes());
    }

    private static ConflictException duplicate(String host, int port, String username, Long existingId) {
        return new ConflictException("proxy " + describe(host, port, username) + " already exists as id " + existingId,
                existingId);
    }

    /** Fails with a field error when a referenced provider or VPS host does not exist. */
    public void checkReferences(Long providerId, Long vpsId) {
        if (providerId != null && providers.findByIdOptional(providerId).isEmpty()) {
            throw new InvalidFieldException("providerId", "provider " + providerId + " does not exist");
        }
        if (vpsId != null && vpsHosts.findByIdOptional(vpsId).isEmpty()) {
            throw new InvalidFieldException("vpsId", "VPS host " + vpsId + " does not exist");
        }
    }

    /** Hosts compare case-insensitively and IPv6 literals are kept without brackets. */
    public static String normalizeHost(String host) {
        String trimmed = host.trim().toLowerCase(Locale.ROOT);
        return trimmed.startsWith("[") && trimmed.endsWith("]") ? trimmed.substring(1, trimmed.length() - 1) : trimmed;
    }

    /** {@code host:port} with the username, for messages; never a password. */
    public static String describe(String host, int port, String username) {
        String endpoint = (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
        return username == null || username.isEmpty() ? endpoint : endpoint + " (user " + username + ")";
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
