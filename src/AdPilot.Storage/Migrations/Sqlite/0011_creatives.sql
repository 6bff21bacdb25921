-- Creative tags (issue 11): every ad AdPilot has read, with the creative type a mapping rule or the naming convention
-- gave it (creative_type NULL with source 'none' when neither did: untagged ads are reported and never rotated), the
-- reason (note), and the ad's status when it was last read. One row per ad; a new tagging run replaces the row.
CREATE TABLE creative_tags (
    store_id           INTEGER NOT NULL REFERENCES stores (id),
    platform           TEXT NOT NULL CHECK (platform IN ('instagram', 'tiktok')),
    ad_external_id     TEXT NOT NULL,
    adset_external_id  TEXT NOT NULL,
    ad_name            TEXT NOT NULL,
    creative_type      TEXT NULL CHECK (creative_type IN ('ugc', 'lifestyle', 'product', 'discount')),
    source             TEXT NOT NULL CHECK (source IN ('none', 'convention', 'mapping')),
    note               TEXT NOT NULL,
    status             TEXT NOT NULL CHECK (status IN ('active', 'paused')),
    platform_status    TEXT NOT NULL,
    tagged_at          TEXT NOT NULL,
    PRIMARY KEY (store_id, platform, ad_external_id),
    CHECK ((creative_type IS NULL) = (source = 'none') OR source = 'mapping')
) STRICT;
CREATE INDEX creative_tags_by_adset ON creative_tags (store_id, platform, adset_external_id);
