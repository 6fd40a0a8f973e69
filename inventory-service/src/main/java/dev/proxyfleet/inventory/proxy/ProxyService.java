package dev.proxyfleet.inventory.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.proxyfleet.contracts.ApiKeyData;
import dev.proxyfleet.contracts.EventType;
import dev.proxyfleet.contracts.Topic;
import dev.proxyfleet.crypto.CredentialBinding;
import dev.proxyfleet.crypto.CredentialCipher;
import dev.proxyfleet.crypto.EncryptedSecret;
import dev.proxyfleet.egress.ProxyAddressPolicy;
import dev.proxyfleet.inventory.SessionOutbox;
import dev.proxyfleet.inventory.audit.AuditTrail;
import dev.proxyfleet.inventory.audit.AuditedEntity;
import dev.proxyfleet.inventory.key.ApiKeyService;
import dev.proxyfleet.inventory.provider.ProviderRepository;
import dev.proxyfleet.inventory.settings.FleetSettings;
import dev.proxyfleet.inventory.vps.VpsRepository;
import dev.proxyfleet.inventory.web.Constraints;
import dev.proxyfleet.inventory.web.MergePatch;
import dev.proxyfleet.inventory.web.Page;
import dev.proxyfleet.messaging.LogCode;
import dev.proxyfleet.web.ConflictException;
import dev.proxyfleet.web.InvalidFieldException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheQuery;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.validation.Validator;
import jakarta.ws.rs.NotFoundException;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.jboss.logging.Logger;

/** Proxy changes: each one is stored together with its contract event in one transaction. */
@ApplicationScoped
public class ProxyService {

    /** The unique index on (host, port, username) in the migration. */
    private static final String ENDPOINT_INDEX = "proxy_endpoint_uq";
    /** The reason of a proxy disabled by {@link #autoDisable}. */
    public static final String AUTO_DISABLED = "auto-disabled";
    /** The actor of the changes the system makes. */
    static final String SYSTEM = "system";

    /** What PATCH may change; endpoint and credentials change through PUT. */
    static final Set<String> PATCHABLE = Set.of("enabled", "priority", "labels", "notes", "maxAccounts", "maxKeys",
            "providerId", "vpsId", "location");

    private final ProxyRepository proxies;
    private final ProviderRepository providers;
    private final VpsRepository vpsHosts;
    private final ApiKeyService keys;
    private final CredentialCipher cipher;
    private final ProxyAddressPolicy addresses;
    private final SessionOutbox outbox;
    private final AuditTrail audit;
    private final ObjectMapper mapper;
    private final Validator validator;

    public ProxyService(ProxyRepository proxies, ProviderRepository providers, VpsRepository vpsHosts,
            ApiKeyService keys, CredentialCipher cipher, ProxyAddressPolicy addresses, SessionOutbox outbox,
            AuditTrail audit, ObjectMapper mapper, Validator validator) {
        this.proxies = proxies;
        this.providers = providers;
        this.vpsHosts = vpsHosts;
        this.keys = keys;
        this.cipher = cipher;
        this.addresses = addresses;
        this.outbox = outbox;
        this.audit = audit;
        this.mapper = mapper;
        this.validator = validator;
    }

    @WithSession
    public Uni<Page<ProxyResponse>> list(ProxyFilter filter, int page, int size, String sort) {
        PanacheQuery<Proxy> query = proxies.search(filter, sort).page(page, size);
        return query.<Proxy>list().chain(items -> query.count()
                .map(total -> new Page<>(items.stream().map(ProxyResponse::from).toList(), page, size, total)));
    }

    @WithSession
    public Uni<ProxyResponse> get(long id) {
        return find(id).map(ProxyResponse::from);
    }

    /** Creates a proxy; a duplicate endpoint answers 409 naming the existing proxy, also when two creates race. */
    public Uni<ProxyResponse> create(ProxyRequest request, String actor) {
        return allowedAddress(request).chain(() -> Constraints.unique(ENDPOINT_INDEX,
                outbox.inTransaction(() -> insert(request, actor)), () -> duplicateOf(request)));
    }

    /**
     * Replaces a proxy; an endpoint another proxy has answers 409 as on create, and so does a maxKeys below the keys
     * it holds.
     */
    public Uni<ProxyResponse> replace(long id, ProxyRequest request, String actor) {
        return allowedAddress(request).chain(() -> keepsItsKeys(id, Constraints.unique(ENDPOINT_INDEX,
                outbox.inTransaction(() -> find(id).chain(proxy -> update(proxy, request, actor))),
                () -> duplicateOf(request))));
    }

    /**
     * A host that is an address the policy refuses answers 400 naming the range. PATCH cannot change the host, so a
     * proxy stored before its range was refused can still be disabled.
     */
    private Uni<Void> allowedAddress(ProxyRequest request) {
        return hostRefusal(request.host())
                .map(why -> Uni.createFrom().<Void>failure(new InvalidFieldException("host", why)))
                .orElseGet(() -> Uni.createFrom().voidItem());
    }

    /**
     * Why a proxy may not have this host: an IP literal that {@code fleet.proxy-addresses} refuses (link-local,
     * unspecified, multicast, ...). A host name passes; health-service checks what it resolves to when it connects.
     */
    public Optional<String> hostRefusal(String host) {
        return addresses.refusal(normalizeHost(host)).map(why -> "must not be " + why);
    }

    /**
     * PATCH cannot change the endpoint, so it needs no endpoint guard; one transaction keeps the merge base current. A
     * maxKeys below the keys the proxy holds answers 409.
     */
    public Uni<ProxyResponse> patch(long id, JsonNode patch, String actor) {
        return patchCurrent(id, current -> patch, actor);
    }

    /**
     * {@link #patch} with the merge-patch {@code patchOf} makes of the proxy's current state, read in the same
     * transaction: a bulk edit that adds a label keeps the labels a concurrent change set, or answers 409.
     */
    Uni<ProxyResponse> patchCurrent(long id, Function<ProxyRequest, JsonNode> patchOf, String actor) {
        return keepsItsKeys(id, outbox.inTransaction(() -> find(id).chain(proxy -> {
            ProxyRequest current = ProxyRequest.of(proxy);
            return MergePatch.apply(mapper, validator, current, patchOf.apply(current), PATCHABLE)
                    .chain(request -> update(proxy, request, actor));
        })));
    }

    /**
     * Answers {@code change}; when the database refuses it because the proxy would hold more keys than its new maxKeys
     * (a key may have been added meanwhile), 409 says how many it holds.
     */
    private Uni<ProxyResponse> keepsItsKeys(long id, Uni<ProxyResponse> change) {
        return Constraints.check(ApiKeyService.KEY_CAPACITY, change,
                () -> Panache.withSession(() -> keys.countOf(id)).map(count -> new ConflictException(
                        "key limit: proxy " + id + " holds " + count + " API keys, more than the maxKeys asked for; "
                                + "delete keys first")));
    }

    /**
     * Auto-disable: disables the proxy health-service judged failed at {@code failedAt}, with the reason
     * {@value #AUTO_DISABLED}, when the setting is on and the proxy is enabled and unchanged since (a failure judged
     * before an operator re-enabled it does not disable it again). Published like an operator's change: its accounts
     * move, health-service stops probing it and forgets its failures.
     */
    public Uni<Void> autoDisable(long id, Instant failedAt) {
        return outbox.inTransaction(() -> Panache.getSession()
                .chain(session -> session.find(FleetSettings.class, FleetSettings.ID))
                .chain(settings -> Boolean.TRUE.equals(settings.autoDisable)
                        ? proxies.findById(id)
                        : Uni.createFrom().nullItem())
                .chain(proxy -> {
                    if (proxy == null || !proxy.enabled || !proxy.updatedAt.isBefore(failedAt)) {
                        return Uni.createFrom().item(false);
                    }
                    JsonNode before = audit.snapshot(proxy);
                    proxy.enabled = false;
                    proxy.disabledReason = AUTO_DISABLED;
                    return proxies.flush()
                            .chain(() -> audit.updated(AuditedEntity.PROXY, proxy.id, before, proxy, SYSTEM, AUTO_DISABLED))
                            .chain(() -> outbox.append(EventType.PROXY_UPDATED, proxy.toEventData()))
                            .replaceWith(true);
                }))
                .invoke(disabled -> {
                    if (disabled) {
                        LogCode.PROXY_AUTO_DISABLED.log(ProxyService.class, Logger.Level.WARN,
                                "proxy %d, judged failed at %s; enable it once repaired", id, failedAt);
                    }
                })
                .replaceWithVoid();
    }

    private Uni<ProxyResponse> insert(ProxyRequest request, String actor) {
        Proxy proxy = new Proxy();
        return proxies.nextId().invoke(id -> proxy.id = id)
                .chain(() -> apply(proxy, request))
                .chain(() -> proxies.persistAndFlush(proxy))
                .chain(() -> audit.created(AuditedEntity.PROXY, proxy.id, proxy, actor))
                .chain(() -> outbox.append(EventType.PROXY_CREATED, proxy.toEventData()))
                .map(ignored -> ProxyResponse.from(proxy));
    }

    private Uni<ProxyResponse> update(Proxy proxy, ProxyRequest request, String actor) {
        long versionBefore = proxy.version;
        JsonNode before = audit.snapshot(proxy);
        return apply(proxy, request)
                .chain(proxies::flush)
                .chain(() -> proxy.version != versionBefore
                        ? audit.updated(AuditedEntity.PROXY, proxy.id, before, proxy, actor)
                                .chain(() -> outbox.append(EventType.PROXY_UPDATED, proxy.toEventData()))
                        : Uni.createFrom().voidItem())
                .map(ignored -> ProxyResponse.from(proxy));
    }

    /** The 409 for a request whose endpoint a concurrent request took first. */
    private Uni<ConflictException> duplicateOf(ProxyRequest request) {
        String host = normalizeHost(request.host());
        String username = blankToNull(request.username());
        return Panache.withSession(() -> proxies.findByEndpoint(host, request.port(), username))
                .map(winner -> duplicate(host, request.port(), username, winner == null ? null : winner.id));
    }

    public Uni<Void> delete(long id, String actor) {
        return outbox.inTransaction(() -> find(id).chain(proxy -> delete(proxy, actor)));
    }

    /**
     * Deletes a proxy in the transaction of the current session with its API keys (each with its events), emitting
     * {@code proxy.deleted} and then a tombstone for compaction.
     */
    public Uni<Void> delete(Proxy proxy, String actor) {
        return keys.deleteAllOf(proxy, actor)
                .chain(() -> audit.deleted(AuditedEntity.PROXY, proxy.id, proxy, actor))
                .chain(() -> outbox.append(EventType.PROXY_DELETED, proxy.toDeletedEventData()))
                .chain(() -> outbox.appendTombstone(Topic.PROXY_INVENTORY, proxy.id.toString()))
                .chain(() -> proxies.delete(proxy));
    }

    /** Proxies of one provider, for cascading deletes (in the current session). */
    public Uni<List<Proxy>> ofProvider(long providerId) {
        return proxies.list("providerId", providerId);
    }

    private Uni<Proxy> find(long id) {
        return proxies.findById(id).onItem().ifNull()
                .failWith(() -> new NotFoundException("proxy " + id + " does not exist"));
    }

    private Uni<Void> apply(Proxy proxy, ProxyRequest request) {
        String host = normalizeHost(request.host());
        String username = blankToNull(request.username());
        return proxies.findByEndpoint(host, request.port(), username)
                .invoke(existing -> {
                    if (existing != null && !existing.id.equals(proxy.id)) {
                        throw duplicate(host, request.port(), username, existing.id);
                    }
                })
                .chain(() -> checkReferences(request.providerId(), request.vpsId()))
                .invoke(() -> assign(proxy, request, host, username));
    }

    private void assign(Proxy proxy, ProxyRequest request, String host, String username) {
        CredentialBinding before = proxy.binding();
        proxy.host = host;
        proxy.port = request.port();
        proxy.protocol = request.protocol();
        proxy.username = username;
        assignPassword(proxy, request.password(), before);
        proxy.providerId = request.providerId();
        proxy.vpsId = request.vpsId();
        proxy.location = blankToNull(request.location());
        List<String> labels = request.labels() == null ? List.of() : request.labels().stream().map(String::trim).distinct().toList();
        if (!labels.equals(proxy.labels)) {
            proxy.labels = new java.util.ArrayList<>(labels);
        }
        proxy.priority = Objects.requireNonNullElse(request.priority(), 0);
        boolean enabled = Objects.requireNonNullElse(request.enabled(), true);
        if (enabled != proxy.enabled) {
            proxy.disabledReason = null; // an operator enabled or disabled it
        }
        proxy.enabled = enabled;
        proxy.maxAccounts = Objects.requireNonNullElse(request.maxAccounts(), dev.proxyfleet.contracts.ProxyData.DEFAULT_MAX_ACCOUNTS);
        proxy.maxKeys = Objects.requireNonNullElse(request.maxKeys(), ApiKeyData.DEFAULT_MAX_KEYS);
        proxy.notes = blankToNull(request.notes());
    }

    /**
     * A new password is encrypted for the proxy and its endpoint; a kept one is re-encrypted when the endpoint changed,
     * as the one it was bound to no longer holds.
     */
    private void assignPassword(Proxy proxy, String password, CredentialBinding before) {
        EncryptedSecret secret;
        if (password != null) {
            secret = password.isEmpty() ? null : cipher.encrypt(password, proxy.binding());
        } else if (proxy.passwordCiphertext != null && !before.equals(proxy.binding())) {
            secret = cipher.reEncrypt(new EncryptedSecret(proxy.passwordCiphertext, proxy.keyId), before, proxy.binding());
        } else {
            return;
        }
        proxy.passwordCiphertext = secret == null ? null : secret.ciphertext();
        proxy.keyId = secret == null ? null : secret.keyId();
    }

    private static ConflictException duplicate(String host, int port, String username, Long existingId) {
        return new ConflictException("proxy " + describe(host, port, username) + " already exists as id " + existingId,
                existingId);
    }

    /** Fails with a field error when a referenced provider or VPS host does not exist. */
    @WithSession
    public Uni<Void> checkReferences(Long providerId, Long vpsId) {
        Uni<Void> provider = providerId == null ? Uni.createFrom().voidItem()
                : providers.findById(providerId).onItem().ifNull()
                        .failWith(() -> new InvalidFieldException("providerId",
                                "provider " + providerId + " does not exist"))
                        .replaceWithVoid();
        return provider.chain(() -> vpsId == null ? Uni.createFrom().voidItem()
                : vpsHosts.findById(vpsId).onItem().ifNull()
                        .failWith(() -> new InvalidFieldException("vpsId", "VPS host " + vpsId + " does not exist"))
                        .replaceWithVoid());
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
