-- The current state of every active account, published once on assignment-state (the compacted topic status-service
-- rebuilds its model from), so that accounts bound before the topic existed are on it too. From here on every change
-- publishes the state of its accounts in its own transaction (AccountStates). The JSON is what AssignmentStateData
-- encodes to; an inactive account needs no record, as it has never been on the topic.
INSERT INTO outbox (topic, event_key, event_id, event_type, event_source, event_time, payload)
SELECT 'assignment-state', account_id, gen_random_uuid(), 'assignment.state', '/assignment-service', now(),
       convert_to(json_build_object(
           'accountId', account_id,
           'modelId', model_id,
           'proxyId', proxy_id,
           'at', to_char(updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'))::text, 'UTF8')
FROM account
WHERE active
ORDER BY account_id;
