-- What the console's proxy list shows beyond health and accounts.

-- The failure text of a proxy's newest health state (`Timeout`, `proxy authentication failed`); null after a success.
-- Never credentials: health-service writes none into it.
ALTER TABLE proxy_health ADD COLUMN error TEXT;

-- Clients' reports of real use from proxy-usage, counted once each (the intake deduplicates on ce_id). Kept apart from
-- the inventory for the same reason as proxy_health: a report may be read before the proxy's creation.
CREATE TABLE proxy_usage (
    proxy_id      BIGINT      PRIMARY KEY,
    uses          BIGINT      NOT NULL,
    failures      BIGINT      NOT NULL,
    last_used_at  TIMESTAMPTZ NOT NULL
);
