-- GET /api/audit reads assignment_history as the assignments' audit trail (it already holds every change with its
-- actor and reason, written in the change's transaction): filters by actor and time, and the retention's purge by time.
-- A point version, so that the V4 of a branch started from V3 still sorts after it.
CREATE INDEX assignment_history_actor_idx ON assignment_history (actor, id);
CREATE INDEX assignment_history_at_idx ON assignment_history (at);
