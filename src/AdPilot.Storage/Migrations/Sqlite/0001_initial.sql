-- AdPilot schema, SQLite: the same tables as PostgreSQL's history, as STRICT tables. Money is TEXT holding the exact
-- decimal (SQLite has no decimal type; REAL would round it), instants are ISO 8601 UTC TEXT, JSON is TEXT.

CREATE TABLE stores (
    id            INTEGER PRIMARY KEY,
    shop_domain   TEXT NOT NULL UNIQUE,
    currency      TEXT NOT NULL CHECK (length(currency) = 3 AND currency = upper(currency)),
    time_zone     TEXT NOT NULL,
    gross_margin  TEXT NOT NULL CHECK (CAST(gross_margin AS REAL) > 0 AND CAST(gross_margin AS REAL) < 1),
    target_roas   TEXT NULL CHECK (CAST(target_roas AS REAL) > 0),
    data_since    TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL
) STRICT;

CREATE TABLE ad_accounts (
    id           INTEGER PRIMARY KEY,
    store_id     INTEGER NOT NULL REFERENCES stores (id),
    platform     TEXT NOT NULL CHECK (platform IN ('instagram', 'tiktok')),
    external_id  TEXT NOT NULL,
    name         TEXT NOT NULL,
    currency     TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    UNIQUE (store_id, platform, external_id)
) STRICT;

CREATE TABLE campaigns (
    id           INTEGER PRIMARY KEY,
    store_id     INTEGER NOT NULL REFERENCES stores (id),
    account_id   INTEGER NOT NULL REFERENCES ad_accounts (id),
    platform     TEXT NOT NULL CHECK (platform IN ('instagram', 'tiktok')),
    external_id  TEXT NOT NULL,
    name         TEXT NOT NULL,
    status       TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    UNIQUE (store_id, platform, external_id)
) STRICT;

CREATE TABLE adsets (
    id                INTEGER PRIMARY KEY,
    store_id          INTEGER NOT NULL REFERENCES stores (id),
    campaign_id       INTEGER NOT NULL REFERENCES campaigns (id),
    platform          TEXT NOT NULL CHECK (platform IN ('instagram', 'tiktok')),
    external_id       TEXT NOT NULL,
    name              TEXT NOT NULL,
    status            TEXT NOT NULL,
    daily_budget      TEXT NULL CHECK (CAST(daily_budget AS REAL) >= 0),
    currency          TEXT NOT NULL,
    bid_strategy      TEXT NULL,
    target_age_group  TEXT NULL,
    interests         TEXT NOT NULL DEFAULT '[]',
    creative_group    TEXT NULL,
    updated_at        TEXT NOT NULL,
    UNIQUE (store_id, platform, external_id)
) STRICT;

CREATE TABLE ads (
    id             INTEGER PRIMARY KEY,
    store_id       INTEGER NOT NULL REFERENCES stores (id),
    adset_id       INTEGER NOT NULL REFERENCES adsets (id),
    platform       TEXT NOT NULL CHECK (platform IN ('instagram', 'tiktok')),
    external_id    TEXT NOT NULL,
    name           TEXT NOT NULL,
    creative_type  TEXT NULL CHECK (creative_type IN ('ugc', 'lifestyle', 'product', 'discount')),
    status         TEXT NOT NULL,
    updated_at     TEXT NOT NULL,
    UNIQUE (store_id, platform, external_id)
) STRICT;

-- No foreign key to stores here: it is the high-volume table, the per-row key check would cost more than the rest of a
-- bulk load, and the only writer (the insight loader) checks the store, and every row's entity, before it writes.
CREATE TABLE insights_hourly (
    store_id            INTEGER NOT NULL,
    platform            TEXT NOT NULL CHECK (platform IN ('instagram', 'tiktok')),
    entity_type         TEXT NOT NULL CHECK (entity_type IN ('account', 'campaign', 'adset', 'ad')),
    entity_external_id  TEXT NOT NULL,
    ts_hour             TEXT NOT NULL,
    impressions         INTEGER NOT NULL CHECK (impressions >= 0),
    clicks              INTEGER NOT NULL CHECK (clicks >= 0),
    spend               TEXT NOT NULL CHECK (CAST(spend AS REAL) >= 0),
    currency            TEXT NOT NULL,
    purchases           INTEGER NOT NULL CHECK (purchases >= 0),
    revenue             TEXT NOT NULL CHECK (CAST(revenue AS REAL) >= 0),
    updated_at          TEXT NOT NULL,
    PRIMARY KEY (store_id, ts_hour, platform, entity_type, entity_external_id)
) STRICT;

-- Only what attribution and rewards need: no customer names, emails or addresses.
CREATE TABLE orders (
    store_id            INTEGER NOT NULL REFERENCES stores (id),
    order_id            TEXT NOT NULL,
    created_at          TEXT NOT NULL,
    total               TEXT NOT NULL CHECK (CAST(total AS REAL) >= 0),
    cogs                TEXT NULL CHECK (CAST(cogs AS REAL) >= 0),
    refunded            TEXT NOT NULL CHECK (CAST(refunded AS REAL) >= 0),
    currency            TEXT NOT NULL,
    canceled_at         TEXT NULL,
    attribution_source  TEXT NULL,
    utm_campaign        TEXT NULL,
    platform            TEXT NULL CHECK (platform IN ('instagram', 'tiktok')),
    adset_external_id   TEXT NULL,
    source_updated_at   TEXT NOT NULL,
    updated_at          TEXT NOT NULL,
    PRIMARY KEY (store_id, order_id)
) STRICT;
CREATE INDEX orders_by_hour ON orders (store_id, created_at);

CREATE TABLE actions_log (
    id                  INTEGER PRIMARY KEY,
    store_id            INTEGER NOT NULL REFERENCES stores (id),
    idempotency_key     TEXT NOT NULL,
    platform            TEXT NOT NULL CHECK (platform IN ('instagram', 'tiktok')),
    adset_external_id   TEXT NOT NULL,
    ts_hour             TEXT NOT NULL,
    mode                TEXT NOT NULL CHECK (mode IN ('shadow', 'pilot', 'expand')),
    state               TEXT NOT NULL,
    policy_name         TEXT NOT NULL,
    policy_version      TEXT NOT NULL,
    checkpoint_version  TEXT NULL,
    proposed_action     TEXT NOT NULL,
    final_action        TEXT NULL,
    propensity          REAL NULL CHECK (propensity >= 0 AND propensity <= 1),
    guardrail_verdict   TEXT NOT NULL CHECK (guardrail_verdict IN ('allow', 'clamp', 'block', 'require_approval')),
    guardrail_reasons   TEXT NOT NULL,
    status              TEXT NOT NULL CHECK (status IN ('shadow', 'pending_approval', 'intended', 'applied', 'failed', 'rolled_back')),
    platform_response   TEXT NULL,
    error               TEXT NULL,
    decided_at          TEXT NOT NULL,
    attempted_at        TEXT NULL,
    completed_at        TEXT NULL,
    UNIQUE (store_id, idempotency_key)
) STRICT;
CREATE INDEX actions_log_by_adset ON actions_log (store_id, platform, adset_external_id, ts_hour);
CREATE INDEX actions_log_open_intents ON actions_log (store_id) WHERE status = 'intended';

CREATE TABLE rewards (
    store_id           INTEGER NOT NULL REFERENCES stores (id),
    platform           TEXT NOT NULL CHECK (platform IN ('instagram', 'tiktok')),
    adset_external_id  TEXT NOT NULL,
    ts_hour            TEXT NOT NULL,
    revenue            TEXT NOT NULL,
    spend              TEXT NOT NULL CHECK (CAST(spend AS REAL) >= 0),
    cogs               TEXT NOT NULL,
    profit             TEXT NOT NULL,
    currency           TEXT NOT NULL,
    roas               REAL NULL,
    margin_roas        REAL NULL,
    conversions        INTEGER NOT NULL CHECK (conversions >= 0),
    reward             REAL NOT NULL,
    computed_at        TEXT NOT NULL,
    PRIMARY KEY (store_id, platform, adset_external_id, ts_hour)
) STRICT;

CREATE TABLE checkpoints (
    id                   INTEGER PRIMARY KEY,
    store_id             INTEGER NOT NULL REFERENCES stores (id),
    version              TEXT NOT NULL,
    agent_kind           TEXT NOT NULL,
    model_blob_location  TEXT NOT NULL,
    meta                 TEXT NOT NULL,
    status               TEXT NOT NULL CHECK (status IN ('candidate', 'active', 'retired')),
    created_at           TEXT NOT NULL,
    promoted_at          TEXT NULL,
    UNIQUE (store_id, version)
) STRICT;
CREATE UNIQUE INDEX checkpoints_one_active ON checkpoints (store_id) WHERE status = 'active';

CREATE TABLE webhook_events (
    store_id      INTEGER NOT NULL REFERENCES stores (id),
    webhook_id    TEXT NOT NULL,
    topic         TEXT NOT NULL,
    payload       TEXT NULL,
    received_at   TEXT NOT NULL,
    processed_at  TEXT NULL,
    PRIMARY KEY (store_id, webhook_id)
) STRICT;

CREATE TABLE budget_snapshots (
    store_id           INTEGER NOT NULL REFERENCES stores (id),
    platform           TEXT NOT NULL CHECK (platform IN ('instagram', 'tiktok')),
    adset_external_id  TEXT NOT NULL,
    captured_at        TEXT NOT NULL,
    daily_budget       TEXT NOT NULL CHECK (CAST(daily_budget AS REAL) >= 0),
    currency           TEXT NOT NULL,
    set_by             TEXT NOT NULL CHECK (set_by IN ('human', 'adpilot')),
    PRIMARY KEY (store_id, platform, adset_external_id, captured_at)
) STRICT;

CREATE TABLE approvals (
    id            INTEGER PRIMARY KEY,
    store_id      INTEGER NOT NULL REFERENCES stores (id),
    action_id     INTEGER NOT NULL UNIQUE REFERENCES actions_log (id),
    status        TEXT NOT NULL CHECK (status IN ('pending', 'approved', 'rejected', 'expired')),
    requested_at  TEXT NOT NULL,
    expires_at    TEXT NULL,
    decided_by    TEXT NULL,
    decided_at    TEXT NULL,
    note          TEXT NULL
) STRICT;
CREATE INDEX approvals_pending ON approvals (store_id) WHERE status = 'pending';

CREATE TABLE ingestion_watermarks (
    store_id    INTEGER NOT NULL REFERENCES stores (id),
    source      TEXT NOT NULL,
    watermark   TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    PRIMARY KEY (store_id, source)
) STRICT;

CREATE TABLE alerts (
    id           INTEGER PRIMARY KEY,
    store_id     INTEGER NOT NULL REFERENCES stores (id),
    kind         TEXT NOT NULL,
    severity     TEXT NOT NULL CHECK (severity IN ('info', 'warning', 'critical')),
    dedupe_key   TEXT NOT NULL,
    message      TEXT NOT NULL,
    raised_at    TEXT NOT NULL,
    resolved_at  TEXT NULL
) STRICT;
CREATE UNIQUE INDEX alerts_one_open ON alerts (store_id, dedupe_key) WHERE resolved_at IS NULL;
