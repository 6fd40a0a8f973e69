-- status-service: a read model built only from the contract's events, rebuildable by replaying the topics.
-- No secrets: the proxy's password ciphertext and key id are never stored here.

-- Inventory state of each proxy; a deleted proxy keeps its row (deleted = TRUE) so that a replayed older version
-- cannot bring it back: a row changes only when an event carries a higher version.
CREATE TABLE proxy (
    id            BIGINT      PRIMARY KEY,
    host          TEXT        NOT NULL,
    port          INTEGER     NOT NULL,
    protocol      TEXT        NOT NULL,
    provider_id   BIGINT,
    location      TEXT,
    labels        TEXT[]      NOT NULL DEFAULT '{}',
    priority      INTEGER     NOT NULL DEFAULT 0,
    enabled       BOOLEAN     NOT NULL,
    max_accounts  INTEGER     NOT NULL,
    vps_id        BIGINT,
    version       BIGINT      NOT NULL,
    deleted       BOOLEAN     NOT NULL DEFAULT FALSE
);

-- Health of each proxy from proxy-health; kept apart from the inventory because the topics are not ordered with
-- each other (a probe may be read before the proxy's creation). The newest observation wins.
CREATE TABLE proxy_health (
    proxy_id              BIGINT      PRIMARY KEY,
    state                 TEXT        NOT NULL CHECK (state IN ('unknown', 'healthy', 'degraded', 'failed')),
    latency_ms            BIGINT,
    score                 INTEGER,
    consecutive_failures  INTEGER     NOT NULL DEFAULT 0,
    checked_at            TIMESTAMPTZ NOT NULL
);

CREATE TABLE provider (
    id                      BIGINT   PRIMARY KEY,
    name                    TEXT     NOT NULL,
    service_type            TEXT,
    monthly_cost_per_proxy  NUMERIC(12, 4),
    currency                TEXT,
    status                  TEXT,
    version                 BIGINT   NOT NULL,
    deleted                 BOOLEAN  NOT NULL DEFAULT FALSE
);

-- Where each account is, from assignment-events (keyed by account, so one account's events arrive in order).
CREATE TABLE account (
    account_id  TEXT        PRIMARY KEY,
    model_id    TEXT,
    proxy_id    BIGINT,
    pending     BOOLEAN     NOT NULL,
    changed_at  TIMESTAMPTZ NOT NULL
);
CREATE INDEX account_proxy_idx ON account (proxy_id) WHERE proxy_id IS NOT NULL;
