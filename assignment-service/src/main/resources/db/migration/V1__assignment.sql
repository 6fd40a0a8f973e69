-- assignment-service: its own projection of the fleet, the accounts and where they are bound, and the history.
-- The rules of the contract hold in the database itself (see docs/rules-in-the-database.md in this module):
--   1. capacity:   proxy.account_count <= proxy.max_accounts (CHECK), kept equal to the bound accounts by the
--                  account trigger and verified at commit by a deferred constraint trigger;
--   2. one model:  account (proxy_id, model_id) references proxy (id, model_id), checked at commit;
--   3. eligible:   the account trigger refuses to bind to a disabled, deleted or failed proxy;
--   4. one proxy:  account_id is the primary key and an account row holds at most one proxy_id.

CREATE TABLE proxy (
    id                 BIGINT      PRIMARY KEY,
    enabled            BOOLEAN     NOT NULL,
    deleted            BOOLEAN     NOT NULL DEFAULT FALSE,
    max_accounts       INTEGER     NOT NULL CHECK (max_accounts >= 1),
    priority           INTEGER     NOT NULL DEFAULT 0,
    location           TEXT,
    provider_id        BIGINT,
    health             TEXT        NOT NULL DEFAULT 'unknown' CHECK (health IN ('unknown', 'healthy', 'degraded', 'failed')),
    inventory_version  BIGINT      NOT NULL DEFAULT 0,
    first_seen_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    account_count      INTEGER     NOT NULL DEFAULT 0,
    model_id           TEXT,
    CONSTRAINT proxy_capacity CHECK (account_count BETWEEN 0 AND max_accounts),
    CONSTRAINT proxy_model_set_when_used CHECK ((account_count = 0) = (model_id IS NULL)),
    CONSTRAINT proxy_model_key UNIQUE (id, model_id)
);
-- Candidate search (Placement): the best empty proxy, and the best proxy of the account's model with room, each
-- one index entry away; the policy then chooses between the two.
CREATE INDEX proxy_empty_idx ON proxy ((health = 'healthy') DESC, priority, first_seen_at, id)
    WHERE enabled AND NOT deleted AND health <> 'failed' AND account_count < max_accounts AND account_count = 0;
CREATE INDEX proxy_model_room_idx ON proxy (model_id, (health = 'healthy') DESC, priority, first_seen_at, id)
    WHERE enabled AND NOT deleted AND health <> 'failed' AND account_count < max_accounts;

CREATE TABLE account (
    account_id     TEXT        PRIMARY KEY,
    model_id       TEXT        NOT NULL,
    vps_id         BIGINT,
    active         BOOLEAN     NOT NULL DEFAULT TRUE,
    proxy_id       BIGINT,
    -- When the account started waiting for capacity; NULL while it holds a proxy or is inactive.
    pending_since  TIMESTAMPTZ,
    updated_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT account_model_matches_proxy FOREIGN KEY (proxy_id, model_id) REFERENCES proxy (id, model_id)
        DEFERRABLE INITIALLY DEFERRED,
    CONSTRAINT account_inactive_holds_nothing CHECK (active OR (proxy_id IS NULL AND pending_since IS NULL)),
    CONSTRAINT account_pending_xor_bound CHECK (NOT (proxy_id IS NOT NULL AND pending_since IS NOT NULL))
);
CREATE INDEX account_proxy_idx ON account (proxy_id) WHERE proxy_id IS NOT NULL;
CREATE INDEX account_pending_idx ON account (pending_since, account_id) WHERE pending_since IS NOT NULL;

-- Binding, moving and releasing an account adjusts the proxies it leaves and joins, in id order (no deadlock
-- between two moves in opposite directions), and refuses a proxy that rule 3 excludes. Rule 1 is then the
-- proxy_capacity CHECK on the incremented row; rule 2 the model update below plus the deferred foreign key.
CREATE FUNCTION account_bind() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    old_proxy BIGINT := CASE WHEN TG_OP = 'UPDATE' THEN OLD.proxy_id END;
    target    proxy%ROWTYPE;
BEGIN
    IF TG_OP = 'UPDATE' AND OLD.proxy_id IS NOT DISTINCT FROM NEW.proxy_id AND OLD.model_id = NEW.model_id THEN
        RETURN NEW;
    END IF;
    PERFORM 1 FROM proxy WHERE id IN (old_proxy, NEW.proxy_id) ORDER BY id FOR UPDATE;
    IF old_proxy IS NOT NULL THEN
        UPDATE proxy SET account_count = account_count - 1,
                         model_id = CASE WHEN account_count = 1 THEN NULL ELSE model_id END
         WHERE id = old_proxy;
    END IF;
    IF NEW.proxy_id IS NOT NULL THEN
        SELECT * INTO target FROM proxy WHERE id = NEW.proxy_id;
        IF NOT FOUND THEN
            RAISE EXCEPTION 'rule 3: proxy % is not known', NEW.proxy_id USING ERRCODE = 'foreign_key_violation';
        ELSIF target.deleted OR NOT target.enabled OR target.health = 'failed' THEN
            RAISE EXCEPTION 'rule 3: proxy % is not eligible (enabled=%, deleted=%, health=%)',
                NEW.proxy_id, target.enabled, target.deleted, target.health USING ERRCODE = 'check_violation';
        ELSIF target.model_id IS NOT NULL AND target.model_id <> NEW.model_id THEN
            RAISE EXCEPTION 'rule 2: proxy % belongs to model %', NEW.proxy_id, target.model_id
                USING ERRCODE = 'check_violation';
        ELSIF target.account_count >= target.max_accounts THEN
            RAISE EXCEPTION 'rule 1: proxy % holds % of %', NEW.proxy_id, target.account_count, target.max_accounts
                USING ERRCODE = 'check_violation';
        END IF;
        UPDATE proxy SET account_count = account_count + 1, model_id = NEW.model_id WHERE id = NEW.proxy_id;
    END IF;
    NEW.updated_at := now();
    RETURN NEW;
END $$;

CREATE TRIGGER account_bind BEFORE INSERT OR UPDATE OF proxy_id, model_id ON account
    FOR EACH ROW EXECUTE FUNCTION account_bind();

CREATE FUNCTION account_unbind() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE proxy SET account_count = account_count - 1,
                     model_id = CASE WHEN account_count = 1 THEN NULL ELSE model_id END
     WHERE id = OLD.proxy_id;
    RETURN OLD;
END $$;

CREATE TRIGGER account_unbind AFTER DELETE ON account
    FOR EACH ROW WHEN (OLD.proxy_id IS NOT NULL) EXECUTE FUNCTION account_unbind();

-- At commit, every changed proxy's counter must equal the accounts bound to it: a direct write to account_count
-- cannot open room that is not there. The row is read again because NEW is the version queued at the change.
CREATE FUNCTION proxy_count_matches() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    counted INTEGER;
    bound   INTEGER;
BEGIN
    SELECT account_count INTO counted FROM proxy WHERE id = NEW.id;
    SELECT count(*) INTO bound FROM account WHERE proxy_id = NEW.id;
    IF counted IS NOT NULL AND bound <> counted THEN
        RAISE EXCEPTION 'rule 1: proxy % counts % accounts but % are bound', NEW.id, counted, bound
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NULL;
END $$;

CREATE CONSTRAINT TRIGGER proxy_count_matches AFTER INSERT OR UPDATE ON proxy
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION proxy_count_matches();

CREATE TABLE assignment_history (
    id                 BIGINT      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    account_id         TEXT        NOT NULL,
    model_id           TEXT        NOT NULL,
    action             TEXT        NOT NULL CHECK (action IN ('assigned', 'released', 'reassigned', 'pending')),
    proxy_id           BIGINT,
    previous_proxy_id  BIGINT,
    reason             TEXT        NOT NULL,
    actor              TEXT        NOT NULL,
    at                 TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX assignment_history_account_idx ON assignment_history (account_id, id);
CREATE INDEX assignment_history_proxy_idx ON assignment_history (proxy_id, id);
