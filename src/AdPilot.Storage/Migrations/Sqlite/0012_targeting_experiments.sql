-- Targeting tests through A/B copies (issue 11, guide §10 "prefer A/B clones"): a targeting proposal is never applied to
-- a running ad set. It becomes an experiment: proposed (by a policy or a person), approved or rejected by a person, then
-- started (the original's budget is cut by the test budget and a copy with the new targeting runs on it), run for a set
-- period, and concluded on Shopify-attributed profit with a significance test (the winner keeps the whole budget, the loser
-- is paused) or ended early (the kill switch, a person). Amounts are decimal TEXT in the currency; instants ISO 8601 UTC.
-- A person may ask to end a running experiment (end_requested_*): its next cycle pauses the copy and gives the original
-- its budget back. At most one open experiment (not rejected, concluded, ended or failed) per original ad set.
CREATE TABLE targeting_experiments (
    id                 INTEGER PRIMARY KEY,
    store_id           INTEGER NOT NULL REFERENCES stores (id),
    platform           TEXT NOT NULL CHECK (platform IN ('instagram', 'tiktok')),
    account_id         TEXT NOT NULL,
    original_adset_id  TEXT NOT NULL,
    from_age_group     TEXT NOT NULL,
    from_interests     TEXT NOT NULL,
    to_age_group       TEXT NOT NULL,
    to_interests       TEXT NOT NULL,
    currency           TEXT NOT NULL,
    status             TEXT NOT NULL CHECK (status IN ('proposed', 'approved', 'rejected', 'starting', 'running', 'concluding', 'concluded', 'ended', 'failed')),
    proposed_by        TEXT NOT NULL,
    proposed_at        TEXT NOT NULL,
    reason             TEXT NOT NULL,
    decided_by         TEXT NULL,
    decided_at         TEXT NULL,
    original_budget    TEXT NULL CHECK (original_budget IS NULL OR CAST(original_budget AS REAL) > 0),
    test_budget        TEXT NULL CHECK (test_budget IS NULL OR CAST(test_budget AS REAL) > 0),
    copy_name          TEXT NULL,
    copy_adset_id      TEXT NULL,
    started_at         TEXT NULL,
    ends_at            TEXT NULL,
    finished_at        TEXT NULL,
    winner             TEXT NULL CHECK (winner IN ('original', 'copy')),
    p_value            REAL NULL,
    original_profit    TEXT NULL,
    copy_profit        TEXT NULL,
    outcome            TEXT NULL,
    end_requested_by   TEXT NULL,
    end_requested_at   TEXT NULL
) STRICT;
CREATE UNIQUE INDEX targeting_experiments_open ON targeting_experiments (store_id, platform, original_adset_id)
    WHERE status IN ('proposed', 'approved', 'starting', 'running', 'concluding');
CREATE INDEX targeting_experiments_by_account ON targeting_experiments (store_id, platform, account_id, status);
