-- AdPilot schema, PostgreSQL. Every row carries its store (the tenant). Money is numeric with its currency;
-- instants are timestamptz in UTC; an hour is the instant it starts. Natural keys make every write an upsert.

CREATE TABLE stores (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    shop_domain   text NOT NULL UNIQUE,
    currency      char(3) NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
    time_zone     text NOT NULL,
    gross_margin  numeric(7, 6) NOT NULL CHECK (gross_margin > 0 AND gross_margin < 1),
    target_roas   numeric(9, 4) NULL CHECK (target_roas > 0),
    data_since    timestamptz NOT NULL,
    created_at    timestamptz NOT NULL,
    updated_at    timestamptz NOT NULL
);

CREATE TABLE ad_accounts (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    store_id     bigint NOT NULL REFERENCES stores (id),
    platform     text NOT NULL CHECK (platform IN ('instagram', 'tiktok')),
    external_id  text NOT NULL,
    name         text NOT NULL,
    currency     char(3) NOT NULL,
    updated_at   timestamptz NOT NULL,
    UNIQUE (store_id, platform, external_id)
);

CREATE TABLE campaigns (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    store_id     bigint NOT NULL REFERENCES stores (id),
    account_id   bigint NOT NULL REFERENCES ad_accounts (id),
    platform     text NOT NULL CHECK (platform IN ('instagram', 'tiktok')),
    external_id  text NOT NULL,
    name         text NOT NULL,
    status       text NOT NULL,
    updated_at   timestamptz NOT NULL,
    UNIQUE (store_id, platform, external_id)
);

CREATE TABLE adsets (
    id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    store_id          bigint NOT NULL REFERENCES stores (id),
    campaign_id       bigint NOT NULL REFERENCES campaigns (id),
    platform          text NOT NULL CHECK (platform IN ('instagram', 'tiktok')),
    external_id       text NOT NULL,
    name              text NOT NULL,
    status            text NOT NULL,
    daily_budget      numeric(18, 4) NULL CHECK (daily_budget >= 0),
    currency          char(3) NOT NULL,
    bid_strategy      text NULL,
    target_age_group  text NULL,
    interests         jsonb NOT NULL DEFAULT '[]',
    creative_group    text NULL,
    updated_at        timestamptz NOT NULL,
    UNIQUE (store_id, platform, external_id)
);

CREATE TABLE ads (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    store_id       bigint NOT NULL REFERENCES stores (id),
    adset_id       bigint NOT NULL REFERENCES adsets (id),
    platform       text NOT NULL CHECK (platform IN ('instagram', 'tiktok')),
    external_id    text NOT NULL,
    name           text NOT NULL,
    creative_type  text NULL CHECK (creative_type IN ('ugc', 'lifestyle', 'product', 'discount')),
    status         text NOT NULL,
    updated_at     timestamptz NOT NULL,
    UNIQUE (store_id, platform, external_id)
);

-- Partitioned by month of ts_hour; the loader creates a month's partition before its first rows arrive.
-- No foreign key to stores here: it is the high-volume table, the per-row key check would cost more than the rest of a
-- bulk load, and the only writer (the insight loader) checks the store, and every row's entity, before it writes.
-- The key leads with the hour, so a load of new hours appends at the right edge of the index, and compares its
-- identifiers bytewise (COLLATE "C"): together about half the cost of the load's index inserts.
CREATE TABLE insights_hourly (
    store_id            bigint NOT NULL,
    platform            text COLLATE "C" NOT NULL CHECK (platform IN ('instagram', 'tiktok')),
    entity_type         text COLLATE "C" NOT NULL CHECK (entity_type IN ('account', 'campaign', 'adset', 'ad')),
    entity_external_id  text COLLATE "C" NOT NULL,
    ts_hour             timestamptz NOT NULL,
    impressions         bigint NOT NULL CHECK (impressions >= 0),
    clicks              bigint NOT NULL CHECK (clicks >= 0),
    spend               numeric(18, 4) NOT NULL CHECK (spend >= 0),
    currency            char(3) NOT NULL,
    purchases           integer NOT NULL CHECK (purchases >= 0),
    revenue             numeric(18, 4) NOT NULL CHECK (revenue >= 0),
    updated_at          timestamptz NOT NULL,
    PRIMARY KEY (store_id, ts_hour, platform, entity_type, entity_external_id)
) PARTITION BY RANGE (ts_hour);

-- Only what attribution and rewards need: no customer names, emails or addresses.
CREATE TABLE orders (
    store_id            bigint NOT NULL REFERENCES stores (id),
    order_id            text NOT NULL,
    created_at          timestamptz NOT NULL,
    total               numeric(18, 4) NOT NULL CHECK (total >= 0),
    cogs                numeric(18, 4) NULL CHECK (cogs >= 0),
    refunded            numeric(18, 4) NOT NULL CHECK (refunded >= 0),
    currency            char(3) NOT NULL,
    canceled_at         timestamptz NULL,
    attribution_source  text NULL,
    utm_campaign        text NULL,
    platform            text NULL CHECK (platform IN ('instagram', 'tiktok')),
    adset_external_id   text NULL,
    source_updated_at   timestamptz NOT NULL,
    updated_at          timestamptz NOT NULL,
    PRIMARY KEY (store_id, order_id)
);
CREATE INDEX orders_by_hour ON orders (store_id, created_at);

CREATE TABLE actions_log (
    id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    store_id            bigint NOT NULL REFERENCES stores (id),
    idempotency_key     text NOT NULL,
    platform            text NOT NULL CHECK (platform IN ('instagram', 'tiktok')),
    adset_external_id   text NOT NULL,
    ts_hour             timestamptz NOT NULL,
    mode                text NOT NULL CHECK (mode IN ('shadow', 'pilot', 'expand')),
    state               jsonb NOT NULL,
    policy_name         text NOT NULL,
    policy_version      text NOT NULL,
    checkpoint_version  text NULL,
    proposed_action     jsonb NOT NULL,
    final_action        jsonb NULL,
    propensity          double precision NULL CHECK (propensity >= 0 AND propensity <= 1),
    guardrail_verdict   text NOT NULL CHECK (guardrail_verdict IN ('allow', 'clamp', 'block', 'require_approval')),
    guardrail_reasons   jsonb NOT NULL,
    status              text NOT NULL CHECK (status IN ('shadow', 'pending_approval', 'intended', 'applied', 'failed', 'rolled_back')),
    platform_response   text NULL,
    error               text NULL,
    decided_at          timestamptz NOT NULL,
    attempted_at        timestamptz NULL,
    completed_at        timestamptz NULL,
    UNIQUE (store_id, idempotency_key)
);
CREATE INDEX actions_log_by_adset ON actions_log (store_id, platform, adset_external_id, ts_hour);
CREATE INDEX actions_log_open_intents ON actions_log (store_id) WHERE status = 'intended';

CREATE TABLE rewards (
    store_id           bigint NOT NULL REFERENCES stores (id),
    platform           text NOT NULL CHECK (platform IN ('instagram', 'tiktok')),
    adset_external_id  text NOT NULL,
    ts_hour            timestamptz NOT NULL,
    revenue            numeric(18, 4) NOT NULL,
    spend              numeric(18, 4) NOT NULL CHECK (spend >= 0),
    cogs               numeric(18, 4) NOT NULL,
    profit             numeric(18, 4) NOT NULL,
    currency           char(3) NOT NULL,
    roas               double precision NULL,
    margin_roas        double precision NULL,
    conversions        integer NOT NULL CHECK (conversions >= 0),
    reward             double precision NOT NULL,
    computed_at        timestamptz NOT NULL,
    PRIMARY KEY (store_id, platform, adset_external_id, ts_hour)
);

CREATE TABLE checkpoints (
    id                   bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    store_id             bigint NOT NULL REFERENCES stores (id),
    version              text NOT NULL,
    agent_kind           text NOT NULL,
    model_blob_location  text NOT NULL,
    meta                 jsonb NOT NULL,
    status               text NOT NULL CHECK (status IN ('candidate', 'active', 'retired')),
    created_at           timestamptz NOT NULL,
    promoted_at          timestamptz NULL,
    UNIQUE (store_id, version)
);
CREATE UNIQUE INDEX checkpoints_one_active ON checkpoints (store_id) WHERE status = 'active';

CREATE TABLE webhook_events (
    store_id      bigint NOT NULL REFERENCES stores (id),
    webhook_id    text NOT NULL,
    topic         text NOT NULL,
    payload       text NULL,
    received_at   timestamptz NOT NULL,
    processed_at  timestamptz NULL,
    PRIMARY KEY (store_id, webhook_id)
);

CREATE TABLE budget_snapshots (
    store_id           bigint NOT NULL REFERENCES stores (id),
    platform           text NOT NULL CHECK (platform IN ('instagram', 'tiktok')),
    adset_external_id  text NOT NULL,
    captured_at        timestamptz NOT NULL,
    daily_budget       numeric(18, 4) NOT NULL CHECK (daily_budget >= 0),
    currency           char(3) NOT NULL,
    set_by             text NOT NULL CHECK (set_by IN ('human', 'adpilot')),
    PRIMARY KEY (store_id, platform, adset_external_id, captured_at)
);

CREATE TABLE approvals (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    store_id      bigint NOT NULL REFERENCES stores (id),
    action_id     bigint NOT NULL UNIQUE REFERENCES actions_log (id),
    status        text NOT NULL CHECK (status IN ('pending', 'approved', 'rejected', 'expired')),
    requested_at  timestamptz NOT NULL,
    expires_at    timestamptz NULL,
    decided_by    text NULL,
    decided_at    timestamptz NULL,
    note          text NULL
);
CREATE INDEX approvals_pending ON approvals (store_id) WHERE status = 'pending';

CREATE TABLE ingestion_watermarks (
    store_id    bigint NOT NULL REFERENCES stores (id),
    source      text NOT NULL,
    watermark   timestamptz NOT NULL,
    updated_at  timestamptz NOT NULL,
    PRIMARY KEY (store_id, source)
);

CREATE TABLE alerts (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    store_id     bigint NOT NULL REFERENCES stores (id),
    kind         text NOT NULL,
    severity     text NOT NULL CHECK (severity IN ('info', 'warning', 'critical')),
    dedupe_key   text NOT NULL,
    message      text NOT NULL,
    raised_at    timestamptz NOT NULL,
    resolved_at  timestamptz NULL
);
CREATE UNIQUE INDEX alerts_one_open ON alerts (store_id, dedupe_key) WHERE resolved_at IS NULL;
