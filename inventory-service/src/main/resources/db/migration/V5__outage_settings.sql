-- The panic thresholds of provider outages (and of our egress) as runtime settings: NULL until an operator sets one,
-- health-service keeping its start-up value meanwhile.
ALTER TABLE fleet_settings
    ADD COLUMN outage_threshold     DOUBLE PRECISION,
    ADD COLUMN outage_end_threshold DOUBLE PRECISION,
    ADD COLUMN outage_min_proxies   INTEGER;
