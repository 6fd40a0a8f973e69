-- For GET /api/proxies/best?includeCredentials=true (role consumer) only: each proxy's username and password as
-- inventory published them, encrypted (never the plain text), apart from the read model every other answer is built
-- from. Same version rule as proxy; a deleted proxy's credential is cleared.
CREATE TABLE proxy_credential (
    proxy_id             BIGINT  PRIMARY KEY,
    username             TEXT,
    password_ciphertext  TEXT,
    key_id               TEXT,
    version              BIGINT  NOT NULL
);
