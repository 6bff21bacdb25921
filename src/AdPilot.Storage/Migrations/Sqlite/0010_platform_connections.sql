-- What `adpilot connect` records. ad_accounts gains the account's IANA time zone, when it was connected (null for accounts
-- only ingested) and the campaigns that own their budget (campaign budget optimisation), as a JSON array of ids.
-- platform_connections keeps, per store and platform, what is not secret about a connection: the app id, the API base
-- URL it was made against (null for the platform's own), the scopes granted, when the token expires (Meta) and when it was
-- last refreshed. The tokens themselves are in secrets, encrypted.
ALTER TABLE ad_accounts ADD COLUMN time_zone TEXT NULL;
ALTER TABLE ad_accounts ADD COLUMN connected_at TEXT NULL;
ALTER TABLE ad_accounts ADD COLUMN budget_owning_campaigns TEXT NOT NULL DEFAULT '[]';

CREATE TABLE platform_connections (
    store_id          INTEGER NOT NULL REFERENCES stores (id),
    platform          TEXT NOT NULL CHECK (platform IN ('shopify', 'meta', 'tiktok')),
    app_id            TEXT NULL,
    base_url          TEXT NULL,
    granted_scopes    TEXT NOT NULL DEFAULT '[]',
    token_expires_at  TEXT NULL,
    connected_at      TEXT NOT NULL,
    refreshed_at      TEXT NULL,
    updated_at        TEXT NOT NULL,
    PRIMARY KEY (store_id, platform)
) STRICT;
