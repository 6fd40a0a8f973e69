-- Exit IPs (issue 19): proxies whose traffic leaves through one address are, for the upstream, one proxy. Rule 2
-- holds per exit IP too (its proxies hold accounts of one model together) and, where the operator set one, rule 1 for
-- the address (its proxies hold at most max_accounts together). health-service reads each proxy's exit IP and says
-- when it changes (proxy.exit-ip-changed); a proxy whose exit IP was never read (the check is off) is in no group.
-- Locks: a proxy row first, then the exit_ip rows in address order, as the proxy rows are locked before.
CREATE TABLE exit_ip (
    address        TEXT    PRIMARY KEY,
    -- The operator's limit for the proxies of the address together; NULL: none beyond each proxy's own. Checked at
    -- commit (exit_ip_matches), so that a lower limit can be set before the accounts beyond it move away, which keeps
    -- them from moving to another proxy of the same address.
    max_accounts   INTEGER CHECK (max_accounts >= 1),
    account_count  INTEGER NOT NULL DEFAULT 0 CHECK (account_count >= 0),
    model_id       TEXT,
    CONSTRAINT exit_ip_model_set_when_used CHECK ((account_count = 0) = (model_id IS NULL))
);

ALTER TABLE proxy ADD COLUMN exit_ip TEXT REFERENCES exit_ip (address);
CREATE INDEX proxy_exit_ip_idx ON proxy (exit_ip) WHERE exit_ip IS NOT NULL;

-- The exit IP's share of binding, moving and releasing: the account leaves the old proxy's address and joins the new
-- one's, each row locked (after the proxies) in address order. A join is refused for another model (rule 2) or
-- beyond the operator's limit (rule 1), naming the address.
CREATE OR REPLACE FUNCTION account_bind() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    old_proxy BIGINT := CASE WHEN TG_OP = 'UPDATE' THEN OLD.proxy_id END;
    old_exit  TEXT;
    target    proxy%ROWTYPE;
BEGIN
    IF TG_OP = 'UPDATE' AND OLD.proxy_id IS NOT DISTINCT FROM NEW.proxy_id AND OLD.model_id = NEW.model_id THEN
        RETURN NEW;
    END IF;
    PERFORM 1 FROM proxy WHERE id IN (old_proxy, NEW.proxy_id) ORDER BY id FOR UPDATE;
    PERFORM 1 FROM exit_ip WHERE address IN (SELECT exit_ip FROM proxy WHERE id IN (old_proxy, NEW.proxy_id))
        ORDER BY address FOR UPDATE;
    IF old_proxy IS NOT NULL THEN
        UPDATE proxy SET account_count = account_count - 1,
                         model_id = CASE WHEN account_count = 1 THEN NULL ELSE model_id END
         WHERE id = old_proxy RETURNING exit_ip INTO old_exit;
        PERFORM exit_ip_leave(old_exit, 1);
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
        PERFORM exit_ip_join(target.exit_ip, NEW.proxy_id, NEW.model_id, 1);
        UPDATE proxy SET account_count = account_count + 1, model_id = NEW.model_id WHERE id = NEW.proxy_id;
    END IF;
    NEW.updated_at := now();
    RETURN NEW;
END $$;

-- A proxy's accounts join its exit IP (the caller holds the row lock): refused for another model or beyond the limit.
CREATE FUNCTION exit_ip_join(address_in TEXT, proxy_in BIGINT, model_in TEXT, accounts INTEGER) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    shared exit_ip%ROWTYPE;
BEGIN
    IF address_in IS NULL THEN
        RETURN;
    END IF;
    SELECT * INTO shared FROM exit_ip WHERE address = address_in;
    IF shared.model_id IS NOT NULL AND shared.model_id <> model_in THEN
        RAISE EXCEPTION 'rule 2: proxy % leaves through exit IP %, which model % uses', proxy_in, address_in, shared.model_id
            USING ERRCODE = 'check_violation';
    ELSIF shared.account_count + accounts > shared.max_accounts THEN
        RAISE EXCEPTION 'rule 1: proxy % leaves through exit IP %, which holds % of %', proxy_in, address_in,
            shared.account_count, shared.max_accounts USING ERRCODE = 'check_violation';
    END IF;
    UPDATE exit_ip SET account_count = account_count + accounts, model_id = model_in WHERE address = address_in;
END $$;

-- A proxy's accounts leave its exit IP (the caller holds the row lock); the last one frees it for any model.
CREATE FUNCTION exit_ip_leave(address_in TEXT, accounts INTEGER) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    UPDATE exit_ip SET account_count = account_count - accounts,
                       model_id = CASE WHEN account_count = accounts THEN NULL ELSE model_id END
     WHERE address = address_in;
END $$;

CREATE OR REPLACE FUNCTION account_unbind() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    old_exit TEXT;
BEGIN
    UPDATE proxy SET account_count = account_count - 1,
                     model_id = CASE WHEN account_count = 1 THEN NULL ELSE model_id END
     WHERE id = OLD.proxy_id RETURNING exit_ip INTO old_exit;
    PERFORM 1 FROM exit_ip WHERE address = old_exit FOR UPDATE;
    PERFORM exit_ip_leave(old_exit, 1);
    RETURN OLD;
END $$;

-- A proxy that leaves through another address takes its accounts along: they leave the old address and join the
-- new one under its rules. The service moves the accounts off first where the new address refuses them; this is
-- what refuses a change that would break a rule anyway.
CREATE FUNCTION proxy_exit_ip_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.exit_ip IS NOT NULL THEN
        INSERT INTO exit_ip (address) VALUES (NEW.exit_ip) ON CONFLICT DO NOTHING;
    END IF;
    PERFORM 1 FROM exit_ip WHERE address IN (OLD.exit_ip, NEW.exit_ip) ORDER BY address FOR UPDATE;
    IF NEW.account_count > 0 THEN
        PERFORM exit_ip_leave(OLD.exit_ip, NEW.account_count);
        PERFORM exit_ip_join(NEW.exit_ip, NEW.id, NEW.model_id, NEW.account_count);
    END IF;
    RETURN NEW;
END $$;

CREATE TRIGGER proxy_exit_ip_change BEFORE UPDATE OF exit_ip ON proxy
    FOR EACH ROW WHEN (OLD.exit_ip IS DISTINCT FROM NEW.exit_ip) EXECUTE FUNCTION proxy_exit_ip_change();

-- At commit, every changed address's counter and model must be those of the accounts its proxies hold, within its
-- limit: a direct write to exit_ip cannot open room or free it for another model.
CREATE FUNCTION exit_ip_matches() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    counted INTEGER;
    owner   TEXT;
    limited INTEGER;
    bound   INTEGER;
    others  INTEGER;
BEGIN
    SELECT account_count, model_id, max_accounts INTO counted, owner, limited FROM exit_ip WHERE address = NEW.address;
    SELECT count(*), count(*) FILTER (WHERE a.model_id IS DISTINCT FROM owner) INTO bound, others
      FROM account a JOIN proxy p ON p.id = a.proxy_id WHERE p.exit_ip = NEW.address;
    IF counted IS NOT NULL AND (bound <> counted OR others > 0) THEN
        RAISE EXCEPTION 'rule 2: exit IP % counts % accounts of model % but % are bound, % of another model',
            NEW.address, counted, owner, bound, others USING ERRCODE = 'check_violation';
    ELSIF counted > limited THEN
        RAISE EXCEPTION 'rule 1: exit IP % holds % of %', NEW.address, counted, limited USING ERRCODE = 'check_violation';
    END IF;
    RETURN NULL;
END $$;

CREATE CONSTRAINT TRIGGER exit_ip_matches AFTER INSERT OR UPDATE ON exit_ip
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION exit_ip_matches();

-- The audit of an exit IP that changed under accounts: each account the proxy holds gets an entry, its proxy kept.
ALTER TABLE assignment_history DROP CONSTRAINT assignment_history_action_check,
    ADD CONSTRAINT assignment_history_action_check
        CHECK (action IN ('assigned', 'released', 'reassigned', 'pending', 'exit-ip-changed')),
    ADD COLUMN exit_ip TEXT,
    ADD COLUMN previous_exit_ip TEXT;
