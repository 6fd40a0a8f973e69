-- The transactional outbox, shared by every service that publishes events (migration V0_1, before the service's own).
-- Events are written here in the same transaction as the change they describe; the relay publishes them in id
-- order and stamps published_at. A row with a NULL payload is a tombstone (a Kafka record with a null value).
CREATE TABLE outbox (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    topic         TEXT        NOT NULL,
    event_key     TEXT        NOT NULL,
    event_id      UUID,
    event_type    TEXT,
    event_source  TEXT,
    event_time    TIMESTAMPTZ NOT NULL DEFAULT now(),
    payload       BYTEA,
    published_at  TIMESTAMPTZ
);
CREATE INDEX outbox_unpublished_idx ON outbox (id) WHERE published_at IS NULL;
CREATE INDEX outbox_published_idx ON outbox (published_at) WHERE published_at IS NOT NULL;
