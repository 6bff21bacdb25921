-- What `adpilot connect` records. ad_accounts gains the account's IANA time zone, when it was connected (null for accounts
-- only ingested) and the campaigns that own their budget (campaign budget optimisation), as a JSON array of ids.
-- platform_connections keeps, per store and platform, what is not secret about a connection: the app id, the API base
-- URL it was made against (null for the platform's own), the scopes granted, when the token expires (Meta) and when it was
-- last refreshed. The tokens themselves are in secrets, encrypted.
ALTER TABLE ad_accounts
    ADD COLUMN time_zone text NULL,
    ADD COLUMN connected_at timestamptz NULL,
    ADD COLUMN budget_owning_campaigns text NOT NULL DEFAULT '[]';

CREATE TABLE platform_connections (
    store_id          bigint NOT NULL REFERENCES stores (id),
    platform          text NOT NULL CHECK (platform IN ('shopify', 'meta', 'tiktok')),
    app_id            text NULL,
    base_url          text NULL,
    granted_scopes    text NOT NULL DEFAULT '[]',
    token_expires_at  timestamptz NULL,
    connected_at      timestamptz NOT NULL,
    refreshed_at      timestamptz NULL,
    updated_at        timestamptz NOT NULL,
    PRIMARY KEY (store_id, platform)
);
