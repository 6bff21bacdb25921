-- Creative tags (issue 11): every ad AdPilot has read, with the creative type a mapping rule or the naming convention
-- gave it (creative_type NULL with source 'none' when neither did: untagged ads are reported and never rotated), the
-- reason (note), and the ad's status when it was last read. One row per ad; a new tagging run replaces the row.
CREATE TABLE creative_tags (
    store_id           bigint NOT NULL REFERENCES stores (id),
    platform           text NOT NULL CHECK (platform IN ('instagram', 'tiktok')),
    ad_external_id     text NOT NULL,
    adset_external_id  text NOT NULL,
    ad_name            text NOT NULL,
    creative_type      text NULL CHECK (creative_type IN ('ugc', 'lifestyle', 'product', 'discount')),
    source             text NOT NULL CHECK (source IN ('none', 'convention', 'mapping')),
    note               text NOT NULL,
    status             text NOT NULL CHECK (status IN ('active', 'paused')),
    platform_status    text NOT NULL,
    tagged_at          timestamptz NOT NULL,
    PRIMARY KEY (store_id, platform, ad_external_id),
    CHECK ((creative_type IS NULL) = (source = 'none') OR source = 'mapping')
);
CREATE INDEX creative_tags_by_adset ON creative_tags (store_id, platform, adset_external_id);
