-- Ids of consumed events (ce_id), recorded in the same transaction as their effects, so a redelivered event is
-- recognised and changes nothing. Rows older than the topics' retention can be purged.
CREATE TABLE consumed_event (
    event_id     UUID        PRIMARY KEY,
    topic        TEXT        NOT NULL,
    consumed_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX consumed_event_at_idx ON consumed_event (consumed_at);
