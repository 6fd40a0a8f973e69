-- The unused-first policy joins the least used proxy of a model (so that accounts sharing an IP stay few while empty
-- proxies are kept in reserve for other models): its candidate search reads this index in that order, one entry away.
-- proxy_model_room_idx stays for the first-available policy and the searches that wait for a locked candidate.
CREATE INDEX proxy_model_least_used_idx ON proxy (model_id, (health = 'healthy') DESC, account_count, priority, first_seen_at, id)
    WHERE enabled AND NOT deleted AND health <> 'failed' AND account_count < max_accounts;
