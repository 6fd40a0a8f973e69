-- Providers in outage, as provider-health last said (health-service judges them): a proxy of a provider in outage
-- that fails keeps its accounts until the outage ends. "at" orders the records of a provider.
CREATE TABLE provider_outage (
    provider_id BIGINT      PRIMARY KEY,
    in_outage   BOOLEAN     NOT NULL,
    at          TIMESTAMPTZ NOT NULL
);
