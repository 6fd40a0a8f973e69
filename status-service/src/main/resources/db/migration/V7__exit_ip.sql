-- The address each proxy's traffic last left through and since when, from proxy-health-state (health-service's
-- exit-IP check; NULL while it is off or has read none): proxies sharing one are one proxy to the upstream.
ALTER TABLE proxy_health ADD COLUMN exit_ip TEXT, ADD COLUMN exit_ip_changed_at TIMESTAMPTZ;
