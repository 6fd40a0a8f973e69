-- The fleet's runtime settings (PATCH /api/settings): one row, there from the start so that concurrent first changes
-- lock it rather than race to insert it. A NULL setting was never changed: each service keeps its start-up default.
-- Version 0 until the first change; each change is also kept in settings_change with its actor.
CREATE TABLE fleet_settings (
    id                       SMALLINT    PRIMARY KEY CHECK (id = 1),
    proxy_system_enabled     BOOLEAN,
    health_check_interval_ms BIGINT,
    health_check_timeout_ms  BIGINT,
    fall                     INTEGER,
    rise                     INTEGER,
    auto_disable             BOOLEAN,
    fallback_to_direct       BOOLEAN,
    default_strategy         TEXT,
    min_score                INTEGER,
    changed_by               TEXT,
    version                  BIGINT      NOT NULL,
    created_at               TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at               TIMESTAMPTZ NOT NULL DEFAULT now()
);
INSERT INTO fleet_settings (id, version) VALUES (1, 0);

-- Who changed what when: the settings after each change, with the authenticated principal.
CREATE TABLE settings_change (
    version    BIGINT      PRIMARY KEY,
    actor      TEXT        NOT NULL,
    changed_at TIMESTAMPTZ NOT NULL,
    settings   JSONB       NOT NULL
);
