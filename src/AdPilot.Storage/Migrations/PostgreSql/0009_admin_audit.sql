-- Every admin action (approve, reject, kill switch engage/release/restore, mode change, checkpoint promote/rollback,
-- secret set/rotate, webhook subscription register/remove): who (actor, e.g. 'cli:alice' or 'dashboard:bob'), from where
-- (source), what (action), on what (target), details as a JSON object (names and amounts, never a secret's value) and when
-- (the injected clock). store_id is NULL for an action that spans stores (a key rotation). Append-only: the trigger
-- refuses any UPDATE, DELETE or TRUNCATE, so a row once written stays as written.
CREATE TABLE admin_audit (
    id        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    store_id  bigint NULL REFERENCES stores (id),
    at        timestamptz NOT NULL,
    actor     text NOT NULL CHECK (length(actor) BETWEEN 1 AND 200),
    source    text NOT NULL CHECK (source IN ('cli', 'dashboard', 'system')),
    action    text NOT NULL CHECK (length(action) BETWEEN 1 AND 64),
    target    text NOT NULL CHECK (length(target) <= 500),
    details   jsonb NOT NULL CHECK (jsonb_typeof(details) = 'object')
);
CREATE INDEX admin_audit_by_time ON admin_audit (at, id);
CREATE FUNCTION admin_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'admin_audit is append-only';
END;
$$;
CREATE TRIGGER admin_audit_no_change BEFORE UPDATE OR DELETE ON admin_audit
    FOR EACH ROW EXECUTE FUNCTION admin_audit_append_only();
CREATE TRIGGER admin_audit_no_truncate BEFORE TRUNCATE ON admin_audit
    FOR EACH STATEMENT EXECUTE FUNCTION admin_audit_append_only();

-- What an approval approves, exactly: the ad set's daily budget when the change was held (from_budget) and the budget to
-- apply (to_budget), in currency. The actuator applies an increase over the approval threshold only when the platform
-- still shows from_budget and the intent asks for to_budget, and marks the approval consumed (consumed_at) in the same
-- step, once. Rows written before this migration have no amounts and authorise no increase over the threshold.
ALTER TABLE approvals ADD COLUMN from_budget numeric(18, 4) NULL CHECK (from_budget >= 0);
ALTER TABLE approvals ADD COLUMN to_budget numeric(18, 4) NULL CHECK (to_budget >= 0);
ALTER TABLE approvals ADD COLUMN currency text NULL;
ALTER TABLE approvals ADD COLUMN consumed_at timestamptz NULL;

-- Shopify's X-Shopify-Event-Id of each stored webhook: one event delivered under several webhook ids (several
-- subscriptions to a topic, a re-sent delivery) is stored once. NULL when the sender gave none (older rows too).
ALTER TABLE webhook_events ADD COLUMN event_id text NULL CHECK (length(event_id) <= 200);
CREATE UNIQUE INDEX webhook_events_event ON webhook_events (store_id, event_id) WHERE event_id IS NOT NULL;
