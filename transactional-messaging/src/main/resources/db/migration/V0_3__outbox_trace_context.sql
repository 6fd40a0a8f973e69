-- The W3C traceparent of the transaction that wrote the event, so the trace goes on through Kafka (migration V0_3;
-- services' own migrations are V1 and up, so the shared configuration allows it to run after them).
ALTER TABLE outbox ADD COLUMN trace_parent TEXT;
