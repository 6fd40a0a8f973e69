-- Why a proxy is disabled when the system disabled it (auto-disable: 'auto-disabled'); NULL when an operator did, or
-- when it is enabled.
ALTER TABLE proxy ADD COLUMN disabled_reason TEXT;
