-- API keys bound to proxies, from api-keys. Same version rule as proxy: a row changes only when an event carries a
-- higher version, and a deleted key keeps its row (deleted = TRUE, its ciphertext cleared) so that a replayed older
-- version cannot bring it back. The secret's ciphertext is read only for GET /api/keys/next?includeSecret=true (role
-- consumer), never into the in-memory model. exhausted_until is the one column written by REST, not by events
-- (POST /api/keys/{id}/exhausted): the key is skipped until then.
ALTER TABLE proxy ADD COLUMN max_keys INTEGER NOT NULL DEFAULT 2;

CREATE TABLE api_key (
    id                 BIGINT      PRIMARY KEY,
    proxy_id           BIGINT      NOT NULL,
    name               TEXT        NOT NULL,
    pool               TEXT        NOT NULL,
    secret_ciphertext  TEXT,
    key_id             TEXT,
    version            BIGINT      NOT NULL,
    deleted            BOOLEAN     NOT NULL DEFAULT FALSE,
    exhausted_until    TIMESTAMPTZ
);
CREATE INDEX api_key_proxy_idx ON api_key (proxy_id) WHERE NOT deleted;
