-- Whether an exit-IP change moves a proxy's accounts, as a runtime setting: NULL until an operator sets it,
-- assignment-service keeping its start-up value (assignment.exit-ip-change-moves-accounts) meanwhile.
ALTER TABLE fleet_settings ADD COLUMN exit_ip_change_moves_accounts BOOLEAN;
