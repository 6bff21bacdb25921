-- Every admin action (approve, reject, kill switch engage/release/restore, mode change, checkpoint promote/rollback,
-- secret set/rotate, webhook subscription register/remove): who (actor, e.g. 'cli:alice' or 'dashboard:bob'), from where
-- (source), what (action), on what (target), details as a JSON object (names and amounts, never a secret's value) and when
-- (the injected clock). store_id is NULL for an action that spans stores (a key rotation). Append-only: the triggers
-- refuse any UPDATE or DELETE, so a row once written stays as written.
CREATE TABLE admin_audit (
    id        INTEGER PRIMARY KEY,
    store_id  INTEGER NULL REFERENCES stores (id),
    at        TEXT NOT NULL,
    actor     TEXT NOT NULL CHECK (length(actor) BETWEEN 1 AND 200),
    source    TEXT NOT NULL CHECK (source IN ('cli', 'dashboard', 'system')),
    action    TEXT NOT NULL CHECK (length(action) BETWEEN 1 AND 64),
    target    TEXT NOT NULL CHECK (length(target) <= 500),
    details   TEXT NOT NULL CHECK (json_valid(details) AND json_type(details) = 'object')
) STRICT;
CREATE INDEX admin_audit_by_time ON admin_audit (at, id);
CREATE TRIGGER admin_audit_no_update BEFORE UPDATE ON admin_audit
BEGIN
    SELECT RAISE(ABORT, 'admin_audit is append-only');
END;
CREATE TRIGGER admin_audit_no_delete BEFORE DELETE ON admin_audit
BEGIN
    SELECT RAISE(ABORT, 'admin_audit is append-only');
END;

-- What an approval approves, exactly: the ad set's daily budget when the change was held (from_budget) and the budget to
-- apply (to_budget), in currency. The actuator applies an increase over the approval threshold only when the platform
-- still shows from_budget and the intent asks for to_budget, and marks the approval consumed (consumed_at) in the same
-- step, once. Rows written before this migration have no amounts and authorise no increase over the threshold.
ALTER TABLE approvals ADD COLUMN from_budget TEXT NULL CHECK (from_budget IS NULL OR CAST(from_budget AS REAL) >= 0);
ALTER TABLE approvals ADD COLUMN to_budget TEXT NULL CHECK (to_budget IS NULL OR CAST(to_budget AS REAL) >= 0);
ALTER TABLE approvals ADD COLUMN currency TEXT NULL;
ALTER TABLE approvals ADD COLUMN consumed_at TEXT NULL;

-- Shopify's X-Shopify-Event-Id of each stored webhook: one event delivered under several webhook ids (several
-- subscriptions to a topic, a re-sent delivery) is stored once. NULL when the sender gave none (older rows too).
ALTER TABLE webhook_events ADD COLUMN event_id TEXT NULL CHECK (length(event_id) <= 200);
CREATE UNIQUE INDEX webhook_events_event ON webhook_events (store_id, event_id) WHERE event_id IS NOT NULL;
