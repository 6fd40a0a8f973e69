package dev.proxyfleet.status.projection;

import dev.proxyfleet.contracts.ApiKeyData;
import dev.proxyfleet.contracts.AssignmentStateData;
import dev.proxyfleet.contracts.HealthStateData;
import dev.proxyfleet.contracts.ProviderData;
import dev.proxyfleet.contracts.EgressData;
import dev.proxyfleet.contracts.ProviderOutageData;
import dev.proxyfleet.contracts.ProxyData;
import dev.proxyfleet.contracts.UsageData;
import dev.proxyfleet.contracts.UsageOutcome;
import dev.proxyfleet.status.model.ProviderOutage;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Iterator;
import java.util.Locale;

/**
 * Writes events into the read model on one transaction's connection, each statement guarded so that applying events
 * again, or an older state after a newer one, changes nothing: inventory rows and keys move only to a higher
 * {@code version}, health and accounts only to a later time; a use is counted once, as the intake applies each event once. The password ciphertext and key id go only into
 * proxy_credential, for the consumer's best-proxy answer; an API key's ciphertext only into its api_key row, for the
 * consumer's key answer. What a statement changed is marked in the transaction's {@link TouchedProxies}.
 */
final class ReadModelWriter {

    /** For a statement whose change the model does not show. */
    private static final Runnable NOTHING = () -> { };

    private final SqlConnection connection;
    private final TouchedProxies touched;

    ReadModelWriter(SqlConnection connection, TouchedProxies touched) {
        this.connection = connection;
        this.touched = touched;
    }

    Uni<Void> proxy(ProxyData proxy, boolean deleted) {
        // Re-enabled, a proxy starts afresh in health-service (which forgot its health when it was disabled) and is
        // probed at once: until then its health is unknown, not what it was before it was disabled (a probe made since,
        // read first from its own topic, stays).
        Uni<Void> reEnabled = !proxy.enabled() || deleted ? Uni.createFrom().voidItem() : update(NOTHING, """
                DELETE FROM proxy_health h USING proxy p
                WHERE h.proxy_id = $1 AND p.id = $1 AND NOT p.enabled AND p.version < $2 AND h.checked_at < $3""",
                proxy.id(), proxy.version(), utc(proxy.updatedAt()));
        return reEnabled.chain(() -> update(() -> touched.proxies(proxy.id()), """
                INSERT INTO proxy (id, host, port, protocol, provider_id, location, labels, priority, enabled,
                                   max_accounts, max_keys, vps_id, version, deleted)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
                ON CONFLICT (id) DO UPDATE SET host = EXCLUDED.host, port = EXCLUDED.port,
                    protocol = EXCLUDED.protocol, provider_id = EXCLUDED.provider_id, location = EXCLUDED.location,
                    labels = EXCLUDED.labels, priority = EXCLUDED.priority, enabled = EXCLUDED.enabled,
                    max_accounts = EXCLUDED.max_accounts, max_keys = EXCLUDED.max_keys, vps_id = EXCLUDED.vps_id,
                    version = EXCLUDED.version, deleted = EXCLUDED.deleted
                WHERE proxy.version < EXCLUDED.version""",
                proxy.id(), proxy.host(), proxy.port(), proxy.protocol().name(), proxy.providerId(), proxy.location(),
                proxy.labels().toArray(String[]::new), proxy.priority(), proxy.enabled(), proxy.maxAccounts(),
                proxy.maxKeys(), proxy.vpsId(), proxy.version(), deleted)
                .chain(() -> update(NOTHING, """
                        INSERT INTO proxy_credential (proxy_id, username, password_ciphertext, key_id, version)
                        VALUES ($1, $2, $3, $4, $5)
                        ON CONFLICT (proxy_id) DO UPDATE SET username = EXCLUDED.username,
                            password_ciphertext = EXCLUDED.password_ciphertext, key_id = EXCLUDED.key_id,
                            version = EXCLUDED.version
                        WHERE proxy_credential.version < EXCLUDED.version""",
                        proxy.id(), deleted ? null : proxy.username(), deleted ? null : proxy.passwordCiphertext(),
                        deleted ? null : proxy.keyId(), proxy.version())));
    }

    /** An API key, shown with its proxy; a deleted key keeps its row without its ciphertext. */
    Uni<Void> apiKey(ApiKeyData key, boolean deleted) {
        return update(() -> touched.proxies(key.proxyId()), """
                INSERT INTO api_key (id, proxy_id, name, pool, secret_ciphertext, key_id, version, deleted)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
                ON CONFLICT (id) DO UPDATE SET proxy_id = EXCLUDED.proxy_id, name = EXCLUDED.name,
                    pool = EXCLUDED.pool, secret_ciphertext = EXCLUDED.secret_ciphertext, key_id = EXCLUDED.key_id,
                    version = EXCLUDED.version, deleted = EXCLUDED.deleted
                WHERE api_key.version < EXCLUDED.version""",
                key.id(), key.proxyId(), key.name(), key.pool(), deleted ? null : key.secretCiphertext(),
                deleted ? null : key.keyId(), key.version(), deleted);
    }

    Uni<Void> provider(ProviderData provider, boolean deleted) {
        return update(touched::provider, """
                INSERT INTO provider (id, name, service_type, monthly_cost_per_proxy, currency, status, version, deleted)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
                ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, service_type = EXCLUDED.service_type,
                    monthly_cost_per_proxy = EXCLUDED.monthly_cost_per_proxy, currency = EXCLUDED.currency,
                    status = EXCLUDED.status, version = EXCLUDED.version, deleted = EXCLUDED.deleted
                WHERE provider.version < EXCLUDED.version""",
                provider.id(), provider.name(), lowerName(provider.serviceType()), provider.monthlyCostPerProxy(),
                provider.currency(), lowerName(provider.status()), provider.version(), deleted);
    }

    /** A provider's outage starting or ending; the latest record of a provider wins. */
    Uni<Void> outage(ProviderOutageData outage, boolean inOutage) {
        return update(touched::provider, """
                INSERT INTO provider_outage (provider_id, in_outage, failed_share, at) VALUES ($1, $2, $3, $4)
                ON CONFLICT (provider_id) DO UPDATE SET in_outage = EXCLUDED.in_outage,
                    failed_share = EXCLUDED.failed_share, at = EXCLUDED.at
                WHERE provider_outage.at < EXCLUDED.at""",
                outage.providerId(), inOutage, outage.failedShare(), utc(outage.at()));
    }

    /** Our egress going down or restored: kept as the outage of the reserved provider id 0; the latest record wins. */
    Uni<Void> egress(EgressData egress, boolean down) {
        return outage(new ProviderOutageData(ProviderOutage.EGRESS, egress.failedShare(), egress.at()), down);
    }

    /** A proxy's health state; the newest observation of a proxy wins. */
    Uni<Void> health(HealthStateData health) {
        return update(() -> touched.proxies(health.proxyId()), """
                INSERT INTO proxy_health (proxy_id, state, latency_ms, score, consecutive_failures, checked_at, error,
                                          exit_ip, exit_ip_changed_at)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
                ON CONFLICT (proxy_id) DO UPDATE SET state = EXCLUDED.state, latency_ms = EXCLUDED.latency_ms,
                    score = EXCLUDED.score, consecutive_failures = EXCLUDED.consecutive_failures,
                    checked_at = EXCLUDED.checked_at, error = EXCLUDED.error, exit_ip = EXCLUDED.exit_ip,
                    exit_ip_changed_at = EXCLUDED.exit_ip_changed_at
                WHERE proxy_health.checked_at <= EXCLUDED.checked_at""",
                health.proxyId(), lowerName(health.state()), health.latencyMs(), health.score(),
                health.consecutiveFailures(), utc(health.at()), health.error(), health.exitIp(),
                health.exitIpChangedAt() == null ? null : utc(health.exitIpChangedAt()));
    }

    /** A client's report of one use: counted, and the newest use's time kept. */
    Uni<Void> used(UsageData use) {
        return update(() -> touched.proxies(use.proxyId()), """
                INSERT INTO proxy_usage (proxy_id, uses, failures, last_used_at) VALUES ($1, 1, $2, $3)
                ON CONFLICT (proxy_id) DO UPDATE SET uses = proxy_usage.uses + 1,
                    failures = proxy_usage.failures + EXCLUDED.failures,
                    last_used_at = greatest(proxy_usage.last_used_at, EXCLUDED.last_used_at)""",
                use.proxyId(), use.outcome() == UsageOutcome.FAILURE ? 1 : 0, utc(use.at()));
    }

    /** An account bound to a proxy, or waiting for one when its {@code proxyId} is null. */
    Uni<Void> placed(AssignmentStateData assignment) {
        return currentProxy(assignment.accountId()).chain(before -> update(
                () -> touched.proxies(before, assignment.proxyId()), """
                INSERT INTO account (account_id, model_id, vps_id, proxy_id, pending, changed_at)
                VALUES ($1, $2, $3, $4, $5, $6)
                ON CONFLICT (account_id) DO UPDATE SET model_id = EXCLUDED.model_id, vps_id = EXCLUDED.vps_id,
                    proxy_id = EXCLUDED.proxy_id, pending = EXCLUDED.pending, changed_at = EXCLUDED.changed_at
                WHERE account.changed_at <= EXCLUDED.changed_at""",
                assignment.accountId(), assignment.modelId(), assignment.vpsId(), assignment.proxyId(),
                assignment.proxyId() == null, utc(assignment.at())));
    }

    /** An account that no longer holds a proxy nor waits for one. */
    Uni<Void> ended(AssignmentStateData assignment) {
        return currentProxy(assignment.accountId()).chain(before -> update(
                () -> touched.proxies(before),
                "DELETE FROM account WHERE account_id = $1 AND changed_at <= $2", assignment.accountId(),
                utc(assignment.at())));
    }

    /** The proxy the account holds; null when it waits for one (its proxy_id is null) or is not known. */
    private Uni<Long> currentProxy(String accountId) {
        return connection.preparedQuery("SELECT proxy_id FROM account WHERE account_id = $1").execute(Tuple.of(accountId))
                .map(rows -> {
                    Iterator<Row> row = rows.iterator();
                    return row.hasNext() ? row.next().getLong(0) : null;
                });
    }

    /** Runs an insert, update or delete; runs {@code changed} when it changed a row. */
    private Uni<Void> update(Runnable changed, String sql, Object... parameters) {
        return connection.preparedQuery(sql).execute(Tuple.from(parameters)).invoke(rows -> {
            if (rows.rowCount() > 0) {
                changed.run();
            }
        }).replaceWithVoid();
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    private static String lowerName(Enum<?> value) {
        return value == null ? null : value.name().toLowerCase(Locale.ROOT);
    }
}
