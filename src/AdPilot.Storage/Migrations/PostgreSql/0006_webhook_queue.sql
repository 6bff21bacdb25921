-- The webhook receiver's durable queue: a webhook is stored 'pending' with its raw payload before it is acknowledged,
-- then 'processed' (its order upserted) or 'failed' (an unreadable payload, with the reason, never retried); a topic
-- AdPilot does not handle is stored 'ignored'. Every state but 'pending' has processed_at set and the payload cleared
-- (it holds the buyer's personal data). error holds at most 1000 characters of the reason, never payload content.
ALTER TABLE webhook_events ADD COLUMN status text NOT NULL DEFAULT 'pending'
    CHECK (status IN ('pending', 'processed', 'failed', 'ignored'));
ALTER TABLE webhook_events ADD COLUMN error text NULL CHECK (length(error) <= 1000);
UPDATE webhook_events SET status = 'processed' WHERE processed_at IS NOT NULL;
-- The queue's backlog, oldest first: what a restart drains and what the lag is measured on.
CREATE INDEX webhook_events_pending ON webhook_events (received_at) WHERE processed_at IS NULL;
