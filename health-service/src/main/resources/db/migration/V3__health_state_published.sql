-- The last record of each proxy on proxy-health-state (StatePublication decides from it when the next one is due):
-- when, and with which score. NULL until the first one, so every proxy's state is published at its next result.
ALTER TABLE proxy_health ADD COLUMN state_published_at TIMESTAMPTZ, ADD COLUMN state_published_score INT;
