-- Targeting tests through A/B copies (issue 11, guide §10 "prefer A/B clones"): a targeting proposal is never applied to
-- a running ad set. It becomes an experiment: proposed (by a policy or a person), approved or rejected by a person, then
-- started (the original's budget is cut by the test budget and a copy with the new targeting runs on it), run for a set
-- period, and concluded on Shopify-attributed profit with a significance test (the winner keeps the whole budget, the loser
-- is paused) or ended early (the kill switch, a person). Amounts are decimal text in the currency; instants ISO 8601 UTC.
-- A person may ask to end a running experiment (end_requested_*): its next cycle pauses the copy and gives the original
-- its budget back. At most one open experiment (not rejected, concluded, ended or failed) per original ad set.
CREATE TABLE targeting_experiments (
    id                 bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    store_id           bigint NOT NULL REFERENCES stores (id),
    platform           text NOT NULL CHECK (platform IN ('instagram', 'tiktok')),
    account_id         text NOT NULL,
    original_adset_id  text NOT NULL,
    from_age_group     text NOT NULL,
    from_interests     text NOT NULL,
    to_age_group       text NOT NULL,
    to_interests       text NOT NULL,
    currency           text NOT NULL,
    status             text NOT NULL CHECK (status IN ('proposed', 'approved', 'rejected', 'starting', 'running', 'concluding', 'concluded', 'ended', 'failed')),
    proposed_by        text NOT NULL,
    proposed_at        timestamptz NOT NULL,
    reason             text NOT NULL,
    decided_by         text NULL,
    decided_at         timestamptz NULL,
    original_budget    numeric(18, 4) NULL CHECK (original_budget > 0),
    test_budget        numeric(18, 4) NULL CHECK (test_budget > 0),
    copy_name          text NULL,
    copy_adset_id      text NULL,
    started_at         timestamptz NULL,
    ends_at            timestamptz NULL,
    finished_at        timestamptz NULL,
    winner             text NULL CHECK (winner IN ('original', 'copy')),
    p_value            double precision NULL,
    original_profit    numeric(18, 4) NULL,
    copy_profit        numeric(18, 4) NULL,
    outcome            text NULL,
    end_requested_by   text NULL,
    end_requested_at   timestamptz NULL
);
CREATE UNIQUE INDEX targeting_experiments_open ON targeting_experiments (store_id, platform, original_adset_id)
    WHERE status IN ('proposed', 'approved', 'starting', 'running', 'concluding');
CREATE INDEX targeting_experiments_by_account ON targeting_experiments (store_id, platform, account_id, status);
