-- Health of each proxy, keyed by proxy id, so whichever replica owns the proxy's partition continues it.
-- The endpoint columns are what the last probe used (the password only as ciphertext), so any replica can probe on
-- demand; they stay NULL for a proxy known only from usage reports.
CREATE TABLE proxy_health (
    proxy_id              BIGINT      PRIMARY KEY,
    protocol              TEXT,
    host                  TEXT,
    port                  INT,
    username              TEXT,
    password_ciphertext   TEXT,
    key_id                TEXT,
    state                 TEXT        NOT NULL DEFAULT 'unknown'
                          CHECK (state IN ('unknown', 'healthy', 'degraded', 'failed')),
    score                 INT         NOT NULL DEFAULT 0 CHECK (score BETWEEN 0 AND 100),
    latency_ms            BIGINT,
    consecutive_failures  INT         NOT NULL DEFAULT 0,
    consecutive_successes INT         NOT NULL DEFAULT 0,
    usage_failures        INT         NOT NULL DEFAULT 0,
    -- clients' reports on proxy-usage: every use, and the failed ones
    uses                  BIGINT      NOT NULL DEFAULT 0,
    use_failures          BIGINT      NOT NULL DEFAULT 0,
    -- the last results, oldest first, one character each: '+' up, '~' degraded, '-' down (see HealthRules)
    recent                TEXT        NOT NULL DEFAULT '',
    last_error            TEXT,
    last_check_at         TIMESTAMPTZ,
    changed_at            TIMESTAMPTZ
);
CREATE INDEX proxy_health_state_idx ON proxy_health (state);

-- Every probe and every reported use, kept for health.retention (7 days) and then purged.
CREATE TABLE health_log (
    id          BIGINT      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    proxy_id    BIGINT      NOT NULL,
    at          TIMESTAMPTZ NOT NULL,
    source      TEXT        NOT NULL CHECK (source IN ('probe', 'usage')),
    state       TEXT        NOT NULL,
    latency_ms  BIGINT,
    score       INT         NOT NULL,
    error       TEXT
);
CREATE INDEX health_log_proxy_idx ON health_log (proxy_id, at DESC);
CREATE INDEX health_log_at_idx ON health_log (at);

-- Poison records of proxy-inventory already sent to proxy-inventory.dlq: the owners re-read the topic on every
-- take-over, and a record must reach the dead-letter topic once, not once per re-read.
CREATE TABLE dead_lettered_record (
    topic         TEXT        NOT NULL,
    partition_no  INT         NOT NULL,
    record_offset BIGINT      NOT NULL,
    at            TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (topic, partition_no, record_offset)
);
