-- The audit trail (GET /api/audit): every change of a provider, proxy, VPS host, API key or the settings, with the
-- authenticated principal who made it, written in the transaction of the change. A point version, so that the V4
-- of a branch started from V3 still sorts after it.
--   changes: for an update the changed fields as {"field": {"old": …, "new": …}}, for a creation old is null, for a
--            deletion new is null; a secret (a password, a key's secret) only ever as "changed"; for an import the
--            counts of its lines.
--   reason:  why, where the system rather than a person acted (NULL for a person's change).
CREATE TABLE audit_entry (
    id        BIGINT      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at        TIMESTAMPTZ NOT NULL,
    actor     TEXT        NOT NULL,
    entity    TEXT        NOT NULL CHECK (entity IN ('provider', 'proxy', 'vps', 'key', 'settings')),
    entity_id TEXT,
    action    TEXT        NOT NULL,
    changes   JSONB       NOT NULL,
    reason    TEXT
);
CREATE INDEX audit_entry_entity_idx ON audit_entry (entity, entity_id, at);
CREATE INDEX audit_entry_actor_idx ON audit_entry (actor, at);
CREATE INDEX audit_entry_at_idx ON audit_entry (at);

-- The settings' own change log folds into the trail (one way to record a change): each kept change becomes an
-- update of the settings whose changes are the settings that differ from the version before it.
INSERT INTO audit_entry (at, actor, entity, action, changes)
SELECT c.changed_at, c.actor, 'settings', 'updated',
       COALESCE((SELECT jsonb_object_agg(s.key, jsonb_build_object(
                         'old', COALESCE(p.settings -> s.key, 'null'::jsonb), 'new', s.value))
                 FROM jsonb_each(c.settings) s
                 WHERE s.value IS DISTINCT FROM COALESCE(p.settings -> s.key, 'null'::jsonb)), '{}'::jsonb)
FROM settings_change c LEFT JOIN settings_change p ON p.version = c.version - 1
ORDER BY c.version;
DROP TABLE settings_change;
