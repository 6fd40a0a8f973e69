-- The provider of each probed proxy (from proxy-inventory): a provider's outage is judged over the rows of its
-- proxies, whichever replica probes them.
ALTER TABLE proxy_health ADD COLUMN provider_id BIGINT;
CREATE INDEX proxy_health_provider_idx ON proxy_health (provider_id) WHERE provider_id IS NOT NULL;

-- Whether each provider is in outage, as last published on provider-health. Its row is locked while a transaction
-- judges the provider, so replicas judge one provider one after the other and publish each start and end once.
CREATE TABLE provider_outage (
    provider_id  BIGINT           PRIMARY KEY,
    in_outage    BOOLEAN          NOT NULL DEFAULT FALSE,
    failed_share DOUBLE PRECISION,
    changed_at   TIMESTAMPTZ
);
