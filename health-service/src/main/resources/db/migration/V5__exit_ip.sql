-- The address each proxy's traffic last left through, as the exit-IP check's echo target saw it, and since when
-- (health.exit-ip-url; NULL while the check is off or has never read one). Two proxies with one exit IP are one proxy
-- to the upstream.
ALTER TABLE proxy_health ADD COLUMN exit_ip TEXT, ADD COLUMN exit_ip_changed_at TIMESTAMPTZ;
