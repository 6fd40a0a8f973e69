package dev.proxyfleet.status.projection;

import dev.proxyfleet.contracts.AssignmentData;
import dev.proxyfleet.contracts.HealthData;
import dev.proxyfleet.contracts.ProviderData;
import dev.proxyfleet.contracts.ProxyData;
import dev.proxyfleet.messaging.Sql;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Timestamp;
import java.util.List;

/**
 * Writes events into the read model, each statement guarded so that applying events again, or an older state after
 * a newer one, changes nothing: inventory rows move only to a higher {@code version}, health and accounts only to a
 * later time. The password ciphertext and key id go only into proxy_credential, for the consumer's best-proxy answer.
 */
@ApplicationScoped
public class ReadModelWriter {

    private final Sql sql;
    private final TouchedProxies touched;

    public ReadModelWriter(Sql sql, TouchedProxies touched) {
        this.sql = sql;
        this.touched = touched;
    }

    public void proxy(ProxyData proxy, boolean deleted) {
        int changed = sql.update("""
                INSERT INTO proxy (id, host, port, protocol, provider_id, location, labels, priority, enabled,
                                   max_accounts, vps_id, version, deleted)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (id) DO UPDATE SET host = EXCLUDED.host, port = EXCLUDED.port,
                    protocol = EXCLUDED.protocol, provider_id = EXCLUDED.provider_id, location = EXCLUDED.location,
                    labels = EXCLUDED.labels, priority = EXCLUDED.priority, enabled = EXCLUDED.enabled,
                    max_accounts = EXCLUDED.max_accounts, vps_id = EXCLUDED.vps_id, version = EXCLUDED.version,
                    deleted = EXCLUDED.deleted
                WHERE proxy.version < EXCLUDED.version""",
                proxy.id(), proxy.host(), proxy.port(), proxy.protocol().name(), proxy.providerId(), proxy.location(),
                textArray(proxy.labels()), proxy.priority(), proxy.enabled(), proxy.maxAccounts(), proxy.vpsId(),
                proxy.version(), deleted);
        if (changed > 0) {
            touched.proxies(proxy.id());
        }
        sql.update("""
                INSERT INTO proxy_credential (proxy_id, username, password_ciphertext, key_id, version) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (proxy_id) DO UPDATE SET username = EXCLUDED.username,
                    password_ciphertext = EXCLUDED.password_ciphertext, key_id = EXCLUDED.key_id, version = EXCLUDED.version
                WHERE proxy_credential.version < EXCLUDED.version""",
                proxy.id(), deleted ? null : proxy.username(), deleted ? null : proxy.passwordCiphertext(),
                deleted ? null : proxy.keyId(), proxy.version());
    }

    public void provider(ProviderData provider, boolean deleted) {
        int changed = sql.update("""
                INSERT INTO provider (id, name, service_type, monthly_cost_per_proxy, currency, status, version, deleted)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, service_type = EXCLUDED.service_type,
                    monthly_cost_per_proxy = EXCLUDED.monthly_cost_per_proxy, currency = EXCLUDED.currency,
                    status = EXCLUDED.status, version = EXCLUDED.version, deleted = EXCLUDED.deleted
                WHERE provider.version < EXCLUDED.version""",
                provider.id(), provider.name(), lowerName(provider.serviceType()), provider.monthlyCostPerProxy(),
                provider.currency(), lowerName(provider.status()), provider.version(), deleted);
        if (changed > 0) {
            touched.provider();
        }
    }

    /** A probe or a health transition; the newest observation of a proxy wins. */
    public void health(HealthData health) {
        int changed = sql.update("""
                INSERT INTO proxy_health (proxy_id, state, latency_ms, score, consecutive_failures, checked_at)
                VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT (proxy_id) DO UPDATE SET state = EXCLUDED.state, latency_ms = EXCLUDED.latency_ms,
                    score = EXCLUDED.score, consecutive_failures = EXCLUDED.consecutive_failures,
                    checked_at = EXCLUDED.checked_at
                WHERE proxy_health.checked_at <= EXCLUDED.checked_at""",
                health.proxyId(), lowerName(health.to()), health.latencyMs(), health.score(),
                health.consecutiveFailures(), Timestamp.from(health.at()));
        if (changed > 0) {
            touched.proxies(health.proxyId());
        }
    }

    /** An account bound to a proxy ({@code assigned}, {@code reassigned}) or waiting for one ({@code pending}). */
    public void placed(AssignmentData assignment) {
        Long before = currentProxy(assignment.accountId());
        int changed = sql.update("""
                INSERT INTO account (account_id, model_id, proxy_id, pending, changed_at) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (account_id) DO UPDATE SET model_id = EXCLUDED.model_id, proxy_id = EXCLUDED.proxy_id,
                    pending = EXCLUDED.pending, changed_at = EXCLUDED.changed_at
                WHERE account.changed_at <= EXCLUDED.changed_at""",
                assignment.accountId(), assignment.modelId(), assignment.proxyId(), assignment.proxyId() == null,
                Timestamp.from(assignment.at()));
        if (changed > 0) {
            touched.proxies(before, assignment.proxyId(), assignment.previousProxyId());
        }
    }

    /** An account that no longer holds a proxy nor waits for one. */
    public void released(AssignmentData assignment) {
        Long before = currentProxy(assignment.accountId());
        int changed = sql.update("DELETE FROM account WHERE account_id = ? AND changed_at <= ?",
                assignment.accountId(), Timestamp.from(assignment.at()));
        if (changed > 0) {
            touched.proxies(before, assignment.proxyId());
        }
    }

    /** The proxy the account holds; null when it waits for one (its proxy_id is null) or is not known. */
    private Long currentProxy(String accountId) {
        List<Long> proxy = sql.query("SELECT proxy_id FROM account WHERE account_id = ?", rs -> rs.getObject(1, Long.class), accountId);
        return proxy.isEmpty() ? null : proxy.get(0);
    }

    /** Labels always bind as {@code text[]}, also when the list is empty. */
    private static Object textArray(List<String> labels) {
        return labels.toArray(String[]::new);
    }

    private static String lowerName(Enum<?> value) {
        return value == null ? null : value.name().toLowerCase(java.util.Locale.ROOT);
    }
}
