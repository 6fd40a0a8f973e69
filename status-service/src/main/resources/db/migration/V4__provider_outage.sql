-- Providers' outages from provider-health (compacted): the latest record of each provider, moved only to a later "at".
-- /api/status and the dashboard list those in outage.
CREATE TABLE provider_outage (
    provider_id  BIGINT           PRIMARY KEY,
    in_outage    BOOLEAN          NOT NULL,
    failed_share DOUBLE PRECISION NOT NULL,
    at           TIMESTAMPTZ      NOT NULL
);
