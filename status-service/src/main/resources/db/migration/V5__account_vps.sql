-- The VPS host that manages an account, as its account.* events named it (assignment-state's vpsId), for the mapping export.
ALTER TABLE account ADD COLUMN vps_id BIGINT;
